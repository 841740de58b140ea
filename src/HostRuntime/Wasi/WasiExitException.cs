namespace WitSharp.HostRuntime.Wasi;

/// <summary>
/// Thrown out of <c>wasi:cli/exit</c>: the guest asked to end with <see cref="ExitCode"/>. The call that was running
/// traps (the engine carries this exception as the trap's inner exception) and the instance must not be used again.
/// </summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exception for an exit code.</summary>
    /// <param name="exitCode">0 for <c>exit(ok)</c>, 1 for <c>exit(err)</c>, or the code of <c>exit-with-code</c>.</param>
    public WasiExitException(int exitCode) : base($"the guest exited with code {exitCode}")
    {
        ExitCode = exitCode;
    }

    /// <summary>The guest's exit code.</summary>
    public int ExitCode { get; }
}
