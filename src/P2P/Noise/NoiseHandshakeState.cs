using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace DltSigner.P2P.Noise;

/// <summary>
/// Noise_XX_25519_ChaChaPoly_SHA256 (Noise spec sections 5 and 7.5): -> e; &lt;- e, ee, s, es; -> s, se.
/// Holds the symmetric state (ck, h) and the DH keys; <see cref="Split"/> gives the transport ciphers.
/// Ephemeral keys are random unless a test fixes them (the cacophony vectors).
/// </summary>
internal sealed class NoiseHandshakeState : IDisposable
{
    public const int DhLength = 32;
    public const string ProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";

    private static readonly KeyAgreementAlgorithm X25519 = KeyAgreementAlgorithm.X25519;

    private readonly bool _initiator;
    private readonly Key _static;
    private readonly Key _ephemeral;
    private readonly byte[] _ck = new byte[32];
    private readonly byte[] _h = new byte[32];
    private readonly CipherState _cipher = new();
    private NSec.Cryptography.PublicKey? _remoteEphemeral;
    private byte[]? _remoteStatic;
    private int _message;

    public NoiseHandshakeState(bool initiator, ReadOnlySpan<byte> prologue, Key staticKey, Key? ephemeral = null)
    {
        _initiator = initiator;
        _static = staticKey;
        _ephemeral = ephemeral ?? Key.Create(X25519);

        // The name is exactly HASHLEN bytes, so h = name unpadded.
        Encoding.ASCII.GetBytes(ProtocolName, _h);
        _h.CopyTo(_ck, 0);
        MixHash(prologue);
    }

    /// <summary>The remote party's static X25519 key, known after message 2 (initiator) or 3 (responder).</summary>
    public ReadOnlySpan<byte> RemoteStatic => _remoteStatic;

    public ReadOnlySpan<byte> HandshakeHash => _h;

    public bool IsComplete => _message == 3;

    /// <summary>Writes the next handshake message carrying <paramref name="payload"/>.</summary>
    public byte[] WriteMessage(ReadOnlySpan<byte> payload)
    {
        if (IsComplete || (_message % 2 == 0) != _initiator)
        {
            throw new InvalidOperationException("noise: not this party's turn to write");
        }

        using var output = new MemoryStream();
        switch (_message)
        {
            case 0: // -> e
                WriteEphemeral(output);
                break;
            case 1: // <- e, ee, s, es
                WriteEphemeral(output);
                MixKey(_ephemeral, _remoteEphemeral!);
                WriteStatic(output);
                MixKey(_static, _remoteEphemeral!);
                break;
            case 2: // -> s, se
                WriteStatic(output);
                MixKey(_static, _remoteEphemeral!);
                break;
        }

        output.Write(EncryptAndHash(payload));
        _message++;
        return output.ToArray();
    }

    /// <summary>Reads the next handshake message; returns its payload. Throws <see cref="P2PProtocolException"/> on any failed check.</summary>
    public byte[] ReadMessage(ReadOnlySpan<byte> message)
    {
        if (IsComplete || (_message % 2 == 0) == _initiator)
        {
            throw new InvalidOperationException("noise: not this party's turn to read");
        }

        switch (_message)
        {
            case 0: // -> e
                message = ReadEphemeral(message);
                break;
            case 1: // <- e, ee, s, es
                message = ReadEphemeral(message);
                MixKey(_ephemeral, _remoteEphemeral!);
                message = ReadStatic(message);
                MixKey(_ephemeral, RemoteStaticKey());
                break;
            case 2: // -> s, se
                message = ReadStatic(message);
                MixKey(_ephemeral, RemoteStaticKey());
                break;
        }

        var payload = DecryptAndHash(message);
        _message++;
        return payload;
    }

    /// <summary>The transport ciphers (initiator-to-responder, responder-to-initiator) in this party's send/receive order.</summary>
    public (CipherState Send, CipherState Receive) Split()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("noise: handshake not complete");
        }

        var keys = HKDF.DeriveKey(HashAlgorithmName.SHA256, [], 64, _ck, []);
        try
        {
            var c1 = new CipherState();
            var c2 = new CipherState();
            c1.InitializeKey(keys.AsSpan(0, 32));
            c2.InitializeKey(keys.AsSpan(32, 32));
            return _initiator ? (c1, c2) : (c2, c1);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public void Dispose()
    {
        _ephemeral.Dispose();
        _cipher.Dispose();
        CryptographicOperations.ZeroMemory(_ck);
    }

    private NSec.Cryptography.PublicKey RemoteStaticKey() =>
        NSec.Cryptography.PublicKey.Import(X25519, _remoteStatic, KeyBlobFormat.RawPublicKey);

    private void WriteEphemeral(MemoryStream output)
    {
        var e = _ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        output.Write(e);
        MixHash(e);
    }

    private void WriteStatic(MemoryStream output) =>
        output.Write(EncryptAndHash(_static.PublicKey.Export(KeyBlobFormat.RawPublicKey)));

    private ReadOnlySpan<byte> ReadEphemeral(ReadOnlySpan<byte> message)
    {
        if (message.Length < DhLength)
        {
            throw new P2PProtocolException("noise: handshake message too short for an ephemeral key");
        }

        _remoteEphemeral = NSec.Cryptography.PublicKey.Import(X25519, message[..DhLength], KeyBlobFormat.RawPublicKey);
        MixHash(message[..DhLength]);
        return message[DhLength..];
    }

    private ReadOnlySpan<byte> ReadStatic(ReadOnlySpan<byte> message)
    {
        var length = DhLength + (_cipher.HasKey ? CipherState.TagLength : 0);
        if (message.Length < length)
        {
            throw new P2PProtocolException("noise: handshake message too short for a static key");
        }

        _remoteStatic = DecryptAndHash(message[..length]);
        return message[length..];
    }

    private void MixHash(ReadOnlySpan<byte> data)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(_h);
        sha.AppendData(data);
        sha.GetHashAndReset(_h);
    }

    private void MixKey(Key local, NSec.Cryptography.PublicKey remote)
    {
        using var shared = X25519.Agree(local, remote)
            ?? throw new P2PProtocolException("noise: X25519 produced no shared secret (low-order point)");
        var okm = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, _ck, [], 64);
        try
        {
            okm.AsSpan(0, 32).CopyTo(_ck);
            _cipher.InitializeKey(okm.AsSpan(32, 32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    private byte[] EncryptAndHash(ReadOnlySpan<byte> plaintext)
    {
        var ciphertext = new byte[plaintext.Length + (_cipher.HasKey ? CipherState.TagLength : 0)];
        _cipher.Encrypt(_h, plaintext, ciphertext);
        MixHash(ciphertext);
        return ciphertext;
    }

    private byte[] DecryptAndHash(ReadOnlySpan<byte> ciphertext)
    {
        var plaintext = new byte[Math.Max(0, ciphertext.Length - (_cipher.HasKey ? CipherState.TagLength : 0))];
        if (!_cipher.TryDecrypt(_h, ciphertext, plaintext, out _))
        {
            throw new P2PProtocolException("noise: handshake message failed authentication");
        }

        MixHash(ciphertext);
        return plaintext;
    }
}
