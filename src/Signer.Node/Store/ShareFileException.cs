namespace DltSigner.Node.Store;

/// <summary>What went wrong with a share file or share directory (the message never contains secrets).</summary>
public enum ShareFileError
{
    /// <summary>AEAD or integrity check failed: wrong passphrase or a modified/corrupted file (deliberately not told apart).</summary>
    Authentication,

    /// <summary>Not a share file, unsupported version, or a malformed public header.</summary>
    Format,

    /// <summary>The passphrase is missing or unusable.</summary>
    Passphrase,

    /// <summary>A plaintext share was found where encryption is required.</summary>
    Plaintext,

    /// <summary>The files of a directory do not belong together (key id, epoch, manifest).</summary>
    Inconsistent,

    /// <summary>A file is missing or would be overwritten.</summary>
    Files,
}

/// <summary>A typed share-store failure; <see cref="Error"/> says which kind.</summary>
public sealed class ShareFileException : Exception
{
    public ShareFileException(ShareFileError error, string message)
        : base(message) => Error = error;

    public ShareFileException()
    {
    }

    public ShareFileException(string message)
        : base(message)
    {
    }

    public ShareFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ShareFileError Error { get; }
}
