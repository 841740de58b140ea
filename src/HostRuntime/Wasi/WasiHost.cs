using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>
/// The WASI 0.2 host for one component instance: <c>wasi:io</c> (error, poll, streams), <c>wasi:cli</c>
/// (environment, exit, stdin, stdout, stderr, terminal-*), <c>wasi:clocks</c> (wall-clock, monotonic-clock),
/// <c>wasi:random</c> (random, insecure, insecure-seed) and <c>wasi:filesystem</c> (types, preopens), versions
/// 0.2.0 to <see cref="NewestVersion"/>. Policy instead of ambient authority: see <see cref="WasiConfiguration"/>.
/// Create one per instance, define its imports before instantiating, dispose it with the instance.
/// </summary>
public sealed class WasiHost : IDisposable
{
    /// <summary>The newest WASI version implemented; imports of 0.2.0 up to this one are accepted.</summary>
    public const string NewestVersion = "0.2.12";

    internal const int NewestPatch = 12;

    private static readonly Dictionary<string, Action<WasiHost, IComponentImports, string>> Definitions = new(StringComparer.Ordinal)
    {
        ["wasi:io/error"] = (h, i, n) => WasiIo.DefineError(h.state, i, n),
        ["wasi:io/poll"] = (h, i, n) => WasiIo.DefinePoll(h.state, i, n),
        ["wasi:io/streams"] = (h, i, n) => WasiIo.DefineStreams(h.state, i, n),
        ["wasi:cli/environment"] = (h, i, n) => WasiCli.DefineEnvironment(h.state, i, n),
        ["wasi:cli/exit"] = (h, i, n) => WasiCli.DefineExit(h.state, i, n),
        ["wasi:cli/stdin"] = (h, i, n) => WasiCli.DefineStdio(h.state, i, n),
        ["wasi:cli/stdout"] = (h, i, n) => WasiCli.DefineStdio(h.state, i, n),
        ["wasi:cli/stderr"] = (h, i, n) => WasiCli.DefineStdio(h.state, i, n),
        // Only resource types, and this host never hands out a terminal.
        ["wasi:cli/terminal-input"] = (_, _, _) => { },
        ["wasi:cli/terminal-output"] = (_, _, _) => { },
        ["wasi:cli/terminal-stdin"] = (_, i, n) => WasiCli.DefineTerminalStdio(i, n),
        ["wasi:cli/terminal-stdout"] = (_, i, n) => WasiCli.DefineTerminalStdio(i, n),
        ["wasi:cli/terminal-stderr"] = (_, i, n) => WasiCli.DefineTerminalStdio(i, n),
        ["wasi:clocks/wall-clock"] = (_, i, n) => WasiClockImports.DefineWallClock(i, n),
        ["wasi:clocks/monotonic-clock"] = (h, i, n) => WasiClockImports.DefineMonotonicClock(h.state, i, n),
        ["wasi:random/random"] = (_, i, n) => WasiRandom.DefineRandom(i, n),
        ["wasi:random/insecure"] = (_, i, n) => WasiRandom.DefineInsecure(i, n),
        ["wasi:random/insecure-seed"] = (_, i, n) => WasiRandom.DefineInsecureSeed(i, n),
        ["wasi:filesystem/types"] = (h, i, n) => WasiFilesystem.DefineTypes(h.state, i, n),
        ["wasi:filesystem/preopens"] = (h, i, n) => WasiFilesystem.DefinePreopens(h.state, h.preopens, i, n),
    };

    private readonly WasiState state;
    private readonly IReadOnlyList<(string Root, string GuestPath)> preopens;

    /// <summary>Creates the host; preopened directories are canonicalised now.</summary>
    /// <param name="configuration">Logger, environment, arguments, preopens and output limits.</param>
    /// <exception cref="DirectoryNotFoundException">A preopened directory does not exist.</exception>
    /// <exception cref="ArgumentException">An output limit is not positive, or a preopen's guest path is empty.</exception>
    public WasiHost(WasiConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentOutOfRangeException.ThrowIfLessThan(configuration.MaxLineBytes, 1, nameof(configuration.MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(configuration.MaxOutputBytes, nameof(configuration.MaxOutputBytes));
        if (configuration.Preopens.FirstOrDefault(p => string.IsNullOrEmpty(p.GuestPath)) is { } unnamed)
        {
            throw new ArgumentException($"the preopen of {unnamed.HostDirectory} has no guest path", nameof(configuration));
        }

        state = new WasiState(configuration);
        preopens = configuration.Preopens.Select(p => (WasiSandbox.CanonicalRoot(p.HostDirectory), p.GuestPath)).ToList();
    }

    /// <summary>The unversioned names of the interfaces this host implements (e.g. <c>wasi:cli/stdout</c>).</summary>
    public static IReadOnlyCollection<string> Interfaces => Definitions.Keys;

    /// <summary>
    /// Defines, under the exact names the component imports, every WASI interface among
    /// <paramref name="componentImports"/>; imports outside the <c>wasi</c> namespace are left to the caller.
    /// </summary>
    /// <param name="imports">Where the lowerings are registered (the component runtime's linker).</param>
    /// <param name="componentImports">The component's import names, e.g. from <c>ComponentSignature.Imports</c>.</param>
    /// <exception cref="UnsupportedWasiImportException">A WASI import is unknown, unversioned, a pre-release,
    /// or not semver-compatible with 0.2.0 to <see cref="NewestVersion"/>; nothing has been defined then.</exception>
    public void DefineImports(IComponentImports imports, IEnumerable<string> componentImports)
    {
        ArgumentNullException.ThrowIfNull(imports);
        ArgumentNullException.ThrowIfNull(componentImports);
        var wasiImports = componentImports.Where(WasiImportName.IsWasi)
            .Select(name => WasiImportName.ParseSupported(name, Interfaces))
            .ToList();
        foreach (var name in wasiImports)
        {
            state.RecordImport(name);
        }

        foreach (var name in wasiImports)
        {
            Definitions[name.Interface](this, imports, name.ToString());
        }

        foreach (var name in wasiImports)
        {
            foreach (var resource in Enum.GetValues<WasiResource>())
            {
                var (interfaceName, resourceName) = WasiState.Definition(resource);
                if (interfaceName == name.Interface)
                {
                    imports.DefineResourceDestructor(name.ToString(), resourceName, state.Drop);
                }
            }
        }
    }

    /// <summary>Host objects (streams, descriptors, pollables) the guest still holds; dropped handles release theirs.</summary>
    internal int LiveObjects => state.LiveObjects;

    /// <summary>Logs whatever stdout or stderr holds after the last newline.</summary>
    public void FlushOutput()
    {
        state.Stdout.Flush();
        state.Stderr.Flush();
    }

    /// <summary>Flushes output and releases every host object (open files) the guest still holds.</summary>
    public void Dispose() => state.Dispose();
}
