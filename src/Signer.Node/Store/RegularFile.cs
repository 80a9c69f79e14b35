using System.Runtime.InteropServices;

namespace DltSigner.Node.Store;

/// <summary>
/// Key files are read only when they are regular files: a FIFO would block the reader forever and a
/// device (/dev/zero, /dev/tty) is no key file, so both are refused before they are opened. Also
/// reports share files that other users can read.
/// </summary>
internal static partial class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>The file's bytes, after <see cref="Check"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        Check(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Refuses a path that exists and is not a regular file (symbolic links are followed).</summary>
    public static void Check(string path)
    {
        if (Kind(path) is { } kind && kind != Regular)
        {
            var what = kind switch
            {
                0x1000 => "a FIFO",
                0x2000 => "a character device",
                0x4000 => "a directory",
                0x6000 => "a block device",
                0xC000 => "a socket",
                _ => "not a regular file",
            };
            throw new ShareFileException(ShareFileError.Files, $"{path} is {what}, not a regular file: refused, not read");
        }
    }

    /// <summary>True when group or others may read or write the file (share files are written 0600).</summary>
    public static bool IsExposed(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        return (File.GetUnixFileMode(path) & others) != 0;
    }

    /// <summary>The S_IFMT bits of stat(2), or null when the file does not exist or the platform cannot tell.</summary>
    private static int? Kind(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            // The runtime's own stat shim (the one FileInfo uses): a stable layout on every Unix .NET runs on.
            return Native.Stat(path, out var status) == 0 ? status.Mode & TypeMask : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The start of the runtime's FileStatus (pal_io.h): Flags, then Mode; the rest is room.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }

    private static partial class Native
    {
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Stat(string path, out FileStatus status);
    }
}
