namespace WitSharp.HostRuntime.Wasi;

/// <summary>
/// A component imports a WASI interface this host does not implement: an unknown interface, a version outside
/// WASI 0.2.0 to <see cref="WasiHost.NewestVersion"/>, or a pre-release. Raised at load, before any guest code runs.
/// </summary>
public sealed class UnsupportedWasiImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="importName">The import as the component names it, e.g. <c>wasi:cli/stdout@0.2.13</c>.</param>
    /// <param name="message">Why it is not supported.</param>
    public UnsupportedWasiImportException(string importName, string message) : base(message)
    {
        ImportName = importName;
    }

    /// <summary>The import as the component names it.</summary>
    public string ImportName { get; }
}
