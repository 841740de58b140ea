using WitSharp.HostRuntime.Tests.Components;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>Real wasi-libc guests (tests/HostRuntime.Tests/Wasi/Guests) on the engine through the preview1 adapter
/// and the WASI host, with their output captured from the logger.</summary>
public sealed class WasiGuestTests : IDisposable
{
    private readonly CapturingLogger logger = new();
    private readonly string sandbox = Directory.CreateTempSubdirectory("witsharp-wasi-guest-").FullName;

    public void Dispose() => Directory.Delete(sandbox, recursive: true);

    private static byte[] Guest(string name) =>
        File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot, "tests", "HostRuntime.Tests", "Wasi", "Guests", $"{name}.component.wasm"));

    [Fact]
    public void ReactorPrintsReadsEnvironmentAndClock()
    {
        using var host = new WasiHost(new WasiConfiguration { Logger = logger, Environment = [new("GREETING", "grüß dich")] });
        var runner = new AdapterModuleRunner(Guest("wasi-reactor"), host);
        runner.CallProgram("_initialize");
        var seconds = runner.CallProgram("greet")[0].AsI64();
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        host.FlushOutput();
        // stdio buffers stdout and not stderr, so only the order within each stream is the guest's.
        Assert.Equal(
            ["Information: stdout: hello from wasi-libc", "Information: stdout: GREETING=grüß dich", "Information: stdout: unterminated"],
            logger.Entries.Where(e => e.Contains("stdout:", StringComparison.Ordinal)));
        Assert.Equal(["Warning: stderr: a warning on stderr"], logger.Entries.Where(e => e.Contains("stderr:", StringComparison.Ordinal)));
        Assert.InRange(runner.CallProgram("sleep-ms")[0].AsI32(), 19, 2_000);
    }

    [Fact]
    public void ReactorExitTrapsWithTheCode()
    {
        using var host = new WasiHost(new WasiConfiguration { Logger = logger });
        var runner = new AdapterModuleRunner(Guest("wasi-reactor"), host);
        runner.CallProgram("_initialize");
        var trap = Assert.Throws<TrapException>(() => runner.CallProgram("quit", Value.FromI32(7)));
        Assert.Equal(1, Assert.IsType<WasiExitException>(trap.InnerException).ExitCode);
        Assert.Equal(["Information: stdout: quitting with 7"], logger.Entries);
    }

    [Fact]
    public void WithoutAGrantTheGuestSeesNoFiles()
    {
        File.WriteAllText(Path.Combine(sandbox, "input.txt"), "secret\n");
        using var host = new WasiHost(new WasiConfiguration { Logger = logger });
        var runner = new AdapterModuleRunner(Guest("wasi-reactor"), host);
        runner.CallProgram("_initialize");
        var (path, pathLength) = runner.String(sandbox);
        var (file, fileLength) = runner.String("input.txt");
        Assert.Equal(-1, runner.CallProgram("list-dir", path, pathLength, file, fileLength)[0].AsI32());
        Assert.Equal([$"Information: stdout: opendir {sandbox} failed", $"Information: stdout: fopen {sandbox}/input.txt failed"], logger.Entries);
    }

    [Fact]
    public void WithAGrantTheGuestSeesOnlyThatDirectory()
    {
        var granted = Directory.CreateDirectory(Path.Combine(sandbox, "granted")).FullName;
        File.WriteAllText(Path.Combine(granted, "wave.vcd"), "$timescale 1ns $end\nmore\n");
        File.WriteAllText(Path.Combine(granted, "other.fst"), "x");
        File.WriteAllText(Path.Combine(sandbox, "secret.txt"), "secret\n");
        File.CreateSymbolicLink(Path.Combine(granted, "escape.txt"), Path.Combine(sandbox, "secret.txt"));
        using var host = new WasiHost(new WasiConfiguration { Logger = logger, Preopens = [new WasiPreopen(granted, "/data")] });
        var runner = new AdapterModuleRunner(Guest("wasi-reactor"), host);
        runner.CallProgram("_initialize");

        int ListDir(string directory, string file)
        {
            var (path, pathLength) = runner.String(directory);
            var (name, nameLength) = runner.String(file);
            return runner.CallProgram("list-dir", path, pathLength, name, nameLength)[0].AsI32();
        }

        Assert.Equal(3, ListDir("/data", "wave.vcd"));
        Assert.Equal(-1, ListDir("/data/..", "secret.txt"));
        Assert.Equal(3, ListDir("/data", "escape.txt"));
        Assert.Equal(-1, ListDir(sandbox, "secret.txt"));
        Assert.Equal(
            [
                "Information: stdout: /data has 3 entries", "Information: stdout: /data/wave.vcd: $timescale 1ns $end",
                "Information: stdout: opendir /data/.. failed", "Information: stdout: fopen /data/../secret.txt failed",
                "Information: stdout: /data has 3 entries", "Information: stdout: fopen /data/escape.txt failed",
                $"Information: stdout: opendir {sandbox} failed", $"Information: stdout: fopen {sandbox}/secret.txt failed",
            ],
            logger.Entries);
    }

    [Fact]
    public void CommandRunsMainWithConfiguredArgumentsAndEnvironmentAndExitsWithItsCode()
    {
        using var host = new WasiHost(new WasiConfiguration { Logger = logger, Arguments = ["guest", "--flag"], Environment = [new("A", "1")] });
        var runner = new AdapterModuleRunner(Guest("wasi-command"), host);
        var trap = Assert.Throws<TrapException>(() => runner.CallAdapter("wasi:cli/run@0.2.12#run"));
        // main's return value 3 reaches proc_exit, which the adapter maps to exit(err): WASI 0.2's exit has only ok/err.
        Assert.Equal(1, Assert.IsType<WasiExitException>(trap.InnerException).ExitCode);
        Assert.Equal(
            ["Information: stdout: argc=2", "Information: stdout: argv[0]=guest", "Information: stdout: argv[1]=--flag", "Information: stdout: env A=1",
             "Information: stdout: time ok: yes"],
            logger.Entries.Where(e => e.Contains("stdout:", StringComparison.Ordinal)));
        Assert.Equal(["Warning: stderr: exiting with 3"], logger.Entries.Where(e => e.Contains("stderr:", StringComparison.Ordinal)));
    }
}
