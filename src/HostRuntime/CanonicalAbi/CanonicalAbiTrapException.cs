namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// Raised when a guest breaks a canonical-ABI contract (out-of-bounds or misaligned memory, invalid string
/// encoding, out-of-range discriminant, bool or char). The message names the offending value precisely.
/// </summary>
public sealed class CanonicalAbiTrapException : Exception
{
    /// <summary>Creates a trap with a message describing the violated contract.</summary>
    /// <param name="message">What the guest did wrong, with the offending pointer, length or value.</param>
    public CanonicalAbiTrapException(string message) : base(message)
    {
    }

    /// <summary>Creates a trap caused by another exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CanonicalAbiTrapException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
