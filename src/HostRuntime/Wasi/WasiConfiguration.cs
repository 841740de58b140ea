using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>
/// What one component instance gets from the WASI 0.2 host: nothing ambient. Environment, arguments and
/// preopened directories are empty unless set here; stdin is always empty; stdout and stderr go to
/// <see cref="Logger"/>.
/// </summary>
public sealed class WasiConfiguration
{
    /// <summary>Receives the guest's stdout (as Information) and stderr (as Warning), one log entry per line.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>What <c>wasi:cli/environment.get-environment</c> returns; empty by default.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>What <c>wasi:cli/environment.get-arguments</c> returns; empty by default.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Directories the guest may read through <c>wasi:filesystem</c>; none by default.</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    /// <summary>A longer output line is logged in pieces of this many bytes.</summary>
    public int MaxLineBytes { get; init; } = 4096;

    /// <summary>Output (stdout and stderr together) beyond this many bytes is dropped, with one warning.</summary>
    public long MaxOutputBytes { get; init; } = 1024 * 1024;

    /// <summary>Ends a guest's blocking wait (<c>poll</c>, <c>pollable.block</c>: sleeps and timers) when cancelled; the
    /// guest's call then traps with <see cref="OperationCanceledException"/> inside. The engine's own deadline and
    /// cancellation cannot interrupt host code, so a plugin host links its call deadline to this token.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// A host directory granted to the guest as a read-only preopen: the guest sees it under <paramref name="GuestPath"/>
/// and can reach nothing outside it (<c>..</c>, absolute paths and symlinks leading out are refused).
/// </summary>
/// <param name="HostDirectory">The directory on the host.</param>
/// <param name="GuestPath">The name the guest sees, e.g. <c>/data</c>.</param>
public sealed record WasiPreopen(string HostDirectory, string GuestPath);
