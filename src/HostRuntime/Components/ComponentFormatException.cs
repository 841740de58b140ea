namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Thrown when a WebAssembly component binary is malformed or uses a construct outside the supported subset.
/// </summary>
public class ComponentFormatException : Exception
{
    /// <summary>Creates the exception for a problem found in <paramref name="section"/> at <paramref name="offset"/>.</summary>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="section">The section being decoded (e.g. "type section"), or "preamble".</param>
    /// <param name="offset">The byte offset from the start of the outermost binary.</param>
    public ComponentFormatException(string problem, string section, long offset)
        : base($"{problem} (in {section} at byte offset {offset})")
    {
        Problem = problem;
        Section = section;
        Offset = offset;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The section that was being decoded.</summary>
    public string Section { get; }

    /// <summary>The byte offset from the start of the outermost binary.</summary>
    public long Offset { get; }
}

/// <summary>
/// Thrown for a well-formed construct the runtime does not support (async, streams, futures, error contexts, ...).
/// </summary>
public sealed class UnsupportedComponentFeatureException : ComponentFormatException
{
    /// <summary>Creates the exception naming the unsupported <paramref name="construct"/>.</summary>
    /// <param name="construct">The construct, e.g. "canon stream.new".</param>
    /// <param name="section">The section being decoded.</param>
    /// <param name="offset">The byte offset from the start of the outermost binary.</param>
    public UnsupportedComponentFeatureException(string construct, string section, long offset)
        : base($"{construct} is not supported", section, offset)
    {
        Construct = construct;
    }

    /// <summary>The unsupported construct, e.g. "canon stream.new".</summary>
    public string Construct { get; }
}
