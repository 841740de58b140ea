using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Tests.Components;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>The wasi-libc test guests (tests/HostRuntime.Tests/Wasi/Guests) as components: loaded and instantiated by
/// the component runtime with the WASI host's imports, their output captured from the logger.</summary>
public sealed class WasiComponentTests : IDisposable
{
    private static readonly Engine Engine = new();
    private readonly CapturingLogger logger = new();
    private readonly string sandbox = Directory.CreateTempSubdirectory("witsharp-wasi-component-").FullName;
    private readonly List<WasiHost> hosts = [];

    public void Dispose()
    {
        hosts.ForEach(h => h.Dispose());
        Directory.Delete(sandbox, recursive: true);
    }

    private static Component Guest(string name) =>
        Component.FromFile(Engine, Path.Combine(TestFiles.RepositoryRoot, "tests", "HostRuntime.Tests", "Wasi", "Guests", $"{name}.component.wasm"));

    private (ComponentInstance Instance, WasiHost Host) Instantiate(string name, WasiConfiguration configuration)
    {
        var component = Guest(name);
        var host = new WasiHost(configuration);
        hosts.Add(host);
        var linker = new ComponentLinker(Engine);
        host.DefineImports(linker, component.Signature.Imports.Select(i => i.Name));
        return (linker.Instantiate(new Store(Engine), component), host);
    }

    private IEnumerable<string> Stream(string name) => logger.Lines.Where(e => e.Contains($" {name}: ", StringComparison.Ordinal));

    [Fact]
    public void ReactorPrintsReadsEnvironmentAndClocks()
    {
        var (instance, host) = Instantiate("wasi-reactor", new WasiConfiguration { Logger = logger, Environment = [new("GREETING", "grüß dich")] });
        var seconds = instance.GetFunction(null, "greet").GetCore<Func<long>>()();
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        host.FlushOutput();
        Assert.Equal(["Information: stdout: hello from wasi-libc", "Information: stdout: GREETING=grüß dich", "Information: stdout: unterminated"], Stream("stdout"));
        Assert.Equal(["Warning: stderr: a warning on stderr"], Stream("stderr"));
        Assert.InRange(instance.GetFunction(null, "sleep-ms").GetCore<Func<int>>()(), 19, 2_000);
    }

    [Fact]
    public void ReactorExitTrapsWithTheCode()
    {
        var (instance, _) = Instantiate("wasi-reactor", new WasiConfiguration { Logger = logger });
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction(null, "quit").GetCore<Action<int>>()(7));
        // wasi-libc's exit(7) reaches the adapter's proc_exit, which can only say exit(err) in WASI 0.2.
        Assert.Equal(1, Assert.IsType<WasiExitException>(trap.InnerException).ExitCode);
        Assert.Equal(["Information: stdout: quitting with 7"], logger.Lines);
    }

    private static int ListDir(ComponentInstance instance, string directory, string file)
    {
        var function = instance.GetFunction(null, "list-dir");
        var path = CanonicalValues.LowerUtf8String(function.Options, directory, out var pathLength);
        var name = CanonicalValues.LowerUtf8String(function.Options, file, out var nameLength);
        return function.GetCore<Func<int, int, int, int, int>>()(path, pathLength, name, nameLength);
    }

    [Fact]
    public void WithoutAGrantTheGuestSeesNoFiles()
    {
        File.WriteAllText(Path.Combine(sandbox, "input.txt"), "secret\n");
        var (instance, _) = Instantiate("wasi-reactor", new WasiConfiguration { Logger = logger });
        Assert.Equal(-1, ListDir(instance, sandbox, "input.txt"));
        Assert.Equal([$"Information: stdout: opendir {sandbox} failed", $"Information: stdout: fopen {sandbox}/input.txt failed"], logger.Lines);
    }

    [Fact]
    public void WithAGrantTheGuestSeesOnlyThatDirectory()
    {
        var granted = Directory.CreateDirectory(Path.Combine(sandbox, "granted")).FullName;
        File.WriteAllText(Path.Combine(granted, "wave.vcd"), "$timescale 1ns $end\nmore\n");
        File.WriteAllText(Path.Combine(granted, "other.fst"), "x");
        File.WriteAllText(Path.Combine(sandbox, "secret.txt"), "secret\n");
        File.CreateSymbolicLink(Path.Combine(granted, "escape.txt"), Path.Combine(sandbox, "secret.txt"));
        var (instance, _) = Instantiate("wasi-reactor", new WasiConfiguration { Logger = logger, Preopens = [new WasiPreopen(granted, "/data")] });

        Assert.Equal(3, ListDir(instance, "/data", "wave.vcd"));
        Assert.Equal(-1, ListDir(instance, "/data/..", "secret.txt"));
        Assert.Equal(3, ListDir(instance, "/data", "escape.txt"));
        Assert.Equal(-1, ListDir(instance, sandbox, "secret.txt"));
        Assert.Equal(
            [
                "Information: stdout: /data has 3 entries", "Information: stdout: /data/wave.vcd: $timescale 1ns $end",
                "Information: stdout: opendir /data/.. failed", "Information: stdout: fopen /data/../secret.txt failed",
                "Information: stdout: /data has 3 entries", "Information: stdout: fopen /data/escape.txt failed",
                $"Information: stdout: opendir {sandbox} failed", $"Information: stdout: fopen {sandbox}/secret.txt failed",
            ],
            logger.Lines);
    }

    [Fact]
    public void DroppedHandlesReleaseTheirHostObjects()
    {
        var granted = Directory.CreateDirectory(Path.Combine(sandbox, "granted")).FullName;
        File.WriteAllText(Path.Combine(granted, "wave.vcd"), "$timescale 1ns $end\n");
        var (instance, host) = Instantiate("wasi-reactor", new WasiConfiguration { Logger = logger, Preopens = [new WasiPreopen(granted, "/data")] });
        Assert.Equal(1, ListDir(instance, "/data", "wave.vcd"));
        var afterFirst = host.LiveObjects;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1, ListDir(instance, "/data", "wave.vcd"));
        }

        // Each call opens a directory, a file and a stream; canon resource.drop hands them back.
        Assert.Equal(afterFirst, host.LiveObjects);
    }

    [Fact]
    public void AGuestImportingWasi020DirectlyWithoutTheAdapterRuns()
    {
        var (instance, host) = Instantiate("wasi-direct", new WasiConfiguration { Logger = logger, Environment = [new("PLUGIN", "direct"), new("EMPTY", "")] });
        var seconds = instance.GetFunction(null, "run").GetCore<Func<long>>()();
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Equal(
            ["Information: stdout: direct WASI 0.2.0", "Information: stdout: env PLUGIN=direct", "Information: stdout: env EMPTY=", "Information: stdout: random ok"],
            logger.Lines);
        Assert.Equal(0, host.LiveObjects);

        var quit = instance.GetFunction(null, "quit").GetCore<Action<int>>();
        Assert.Equal(0, Assert.IsType<WasiExitException>(Assert.Throws<TrapException>(() => quit(0)).InnerException).ExitCode);
        Assert.Equal(1, Assert.IsType<WasiExitException>(Assert.Throws<TrapException>(() => quit(1)).InnerException).ExitCode);
    }

    [Fact]
    public void AComponentImportingANewerWasiFailsAtLoadNamingInterfaceAndVersion()
    {
        var component = Guest("wasi-newer");
        using var host = new WasiHost(new WasiConfiguration());
        var linker = new ComponentLinker(Engine);
        var exception = Assert.Throws<UnsupportedWasiImportException>(() => host.DefineImports(linker, component.Signature.Imports.Select(i => i.Name)));
        Assert.Equal("wasi:cli/stdout@0.2.13: WASI 0.2.13 is newer than the newest version this host implements (0.2.12)", exception.Message);
    }

    [Fact]
    public void CommandRunsMainWithConfiguredArgumentsAndEnvironment()
    {
        var (instance, _) = Instantiate("wasi-command", new WasiConfiguration { Logger = logger, Arguments = ["guest", "--flag"], Environment = [new("A", "1")] });
        var run = instance.GetFunction("wasi:cli/run@0.2.12", "run").GetCore<Func<int>>();
        var trap = Assert.Throws<TrapException>(() => run());
        // main's return value 3 reaches proc_exit, which the adapter maps to exit(err): WASI 0.2's exit has only ok/err.
        Assert.Equal(1, Assert.IsType<WasiExitException>(trap.InnerException).ExitCode);
        Assert.Equal(
            ["Information: stdout: argc=2", "Information: stdout: argv[0]=guest", "Information: stdout: argv[1]=--flag", "Information: stdout: env A=1", "Information: stdout: time ok: yes"],
            Stream("stdout"));
        Assert.Equal(["Warning: stderr: exiting with 3"], Stream("stderr"));
    }
}
