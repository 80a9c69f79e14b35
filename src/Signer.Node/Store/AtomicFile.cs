using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DltSigner.Node.Store;

/// <summary>
/// Crash-safe file replacement: write a temp file in the target's directory, flush it to disk,
/// rename it over the target (rename(2) is atomic within one file system), then fsync the directory
/// so the rename itself is durable. A crash at any point leaves the old file or the new one, never a
/// torn mix; at worst an orphaned "*.tmp-*" file that the loader ignores.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>Failure-injection points, in order (tests throw from the hook to simulate a crash there).</summary>
    public const string TempCreated = "temp-created";
    public const string TempWritten = "temp-written";
    public const string TempFlushed = "temp-flushed";
    public const string Renamed = "renamed";

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically with mode 0600 on Unix.</summary>
    public static void Write(string path, ReadOnlySpan<byte> data, Action<string>? failPoint = null)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException("path has no directory", nameof(path));
        var temp = Path.Combine(dir, $"{Path.GetFileName(full)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        var renamed = false;
        try
        {
            using (var stream = new FileStream(temp, CreateOptions()))
            {
                failPoint?.Invoke(TempCreated);
                stream.Write(data);
                failPoint?.Invoke(TempWritten);
                stream.Flush(flushToDisk: true);
                failPoint?.Invoke(TempFlushed);
            }

            Rename(temp, full);
            renamed = true;
            failPoint?.Invoke(Renamed);
            SyncDirectory(dir);
        }
        finally
        {
            if (!renamed)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Atomic rename over an existing file (same directory), then a directory fsync.</summary>
    public static void Rename(string from, string to) => File.Move(from, to, overwrite: true);

    /// <summary>
    /// fsync(2) of a directory, which makes the renames in it durable. .NET refuses to open a directory
    /// as a file, hence libc directly; on Windows this is a no-op (NTFS journals the rename metadata,
    /// but without a flush the rename may be lost on power failure — documented in SECURITY.md).
    /// </summary>
    public static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Native.Open(dir, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {dir} for fsync (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {dir} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: an orphaned temp file is ignored by the loader.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the start: the secret is never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Close(int fd);
    }
}
