using System.Diagnostics;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Wasi;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>The WASI host's lowerings called the way a guest calls them, against a fake runtime and memory.</summary>
public sealed class WasiHostTests : IDisposable
{
    private const string V = "0.2.12";
    private const string Streams = "wasi:io/streams@" + V;
    private const string OutputStreamKey = Streams + "#output-stream";
    private const string InputStreamKey = Streams + "#input-stream";
    private const string Poll = "wasi:io/poll@" + V;
    private const string FilesystemTypes = "wasi:filesystem/types@" + V;
    private const string DescriptorKey = FilesystemTypes + "#descriptor";

    private static readonly string[] AllImports = WasiHost.Interfaces.Select(i => $"{i}@{V}").ToArray();

    private readonly CapturingLogger logger = new();
    private readonly List<WasiHost> hosts = [];
    private readonly string sandbox = Directory.CreateTempSubdirectory("witsharp-wasi-").FullName;

    public void Dispose()
    {
        hosts.ForEach(h => h.Dispose());
        Directory.Delete(sandbox, recursive: true);
    }

    private FakeGuest Guest(WasiConfiguration? configuration = null, IEnumerable<string>? imports = null)
    {
        var host = new WasiHost(configuration ?? new WasiConfiguration { Logger = logger });
        hosts.Add(host);
        var guest = new FakeGuest();
        host.DefineImports(guest, imports ?? AllImports);
        return guest;
    }

    [Theory]
    [InlineData("wasi:cli/stdout@0.2.13", "wasi:cli/stdout@0.2.13: WASI 0.2.13 is newer than the newest version this host implements (0.2.12)")]
    [InlineData("wasi:cli/stdout@0.3.0", "wasi:cli/stdout@0.3.0: WASI 0.3.0 is not compatible with the WASI 0.2 this host implements (0.2.0 to 0.2.12)")]
    [InlineData("wasi:io/streams@1.0.0", "wasi:io/streams@1.0.0: WASI 1.0.0 is not compatible with the WASI 0.2 this host implements (0.2.0 to 0.2.12)")]
    [InlineData("wasi:cli/stdout@0.2.0-rc-2023-11-10", "wasi:cli/stdout@0.2.0-rc-2023-11-10: version 0.2.0-rc-2023-11-10 is not a release version; this host implements WASI 0.2.0 to 0.2.12")]
    [InlineData("wasi:cli/stdout", "wasi:cli/stdout has no version; this host implements WASI 0.2.0 to 0.2.12 and needs a versioned import")]
    public void UnsupportedVersionsFailAtLoadNamingInterfaceAndVersion(string import, string message)
    {
        var guest = new FakeGuest();
        using var host = new WasiHost(new WasiConfiguration());
        var exception = Assert.Throws<UnsupportedWasiImportException>(() => host.DefineImports(guest, ["wasi:cli/stderr@0.2.0", import]));
        Assert.Equal(message, exception.Message);
        Assert.Equal(import, exception.ImportName);
        Assert.Empty(guest.Defined);
    }

    [Fact]
    public void UnknownWasiInterfacesFailAtLoad()
    {
        using var host = new WasiHost(new WasiConfiguration());
        var exception = Assert.Throws<UnsupportedWasiImportException>(() => host.DefineImports(new FakeGuest(), ["wasi:sockets/tcp@0.2.0"]));
        Assert.StartsWith("wasi:sockets/tcp@0.2.0: the interface wasi:sockets/tcp is not implemented by this WASI host (it implements wasi:io/error, ", exception.Message);
    }

    [Fact]
    public void EachCompatibleVersionIsDefinedUnderTheExactNameTheComponentImports()
    {
        var guest = Guest(imports: ["wasi:cli/stdout@0.2.0", "wasi:io/streams@0.2.3", "wasi:random/random@0.2.12", "novywave:plugins/types@0.1.0", "log"]);
        Assert.Equal(
            [("wasi:cli/stdout@0.2.0", "get-stdout"), ("wasi:io/streams@0.2.3", "[method]output-stream.write"), ("wasi:random/random@0.2.12", "get-random-bytes")],
            guest.Defined.Where(d => d.Function is "get-stdout" or "[method]output-stream.write" or "get-random-bytes").Order());
        Assert.DoesNotContain(guest.Defined, d => d.Instance is null || d.Instance.StartsWith("novywave", StringComparison.Ordinal));
        Assert.Equal(["wasi:io/streams@0.2.3#input-stream", "wasi:io/streams@0.2.3#output-stream"], guest.DestructorKeys.Order());

        // stdout's stream lives in the table of the streams version the component imports.
        var stdout = guest.Import<Func<int>>("wasi:cli/stdout@0.2.0", "get-stdout")();
        Assert.True(guest.Options.Resources.For("wasi:io/streams@0.2.3#output-stream").Representation(stdout) > 0);
    }

    private int Write(FakeGuest guest, int stream, string text)
    {
        var (pointer, length) = guest.String(text);
        var ret = guest.ReturnArea();
        guest.Import<Action<int, int, int, int>>(Streams, "[method]output-stream.blocking-write-and-flush")(stream, pointer, length, ret);
        return guest.U8(ret);
    }

    [Fact]
    public void StdoutAndStderrAreLineBufferedIntoTheLogger()
    {
        var guest = Guest();
        var stdout = guest.Import<Func<int>>($"wasi:cli/stdout@{V}", "get-stdout")();
        var stderr = guest.Import<Func<int>>($"wasi:cli/stderr@{V}", "get-stderr")();
        Assert.Equal(0, Write(guest, stdout, "hello, wörld\nsecond "));
        Assert.Equal(["Information: stdout: hello, wörld"], logger.Lines);
        Write(guest, stderr, "oops\r\n");
        Write(guest, stdout, "line\nunterminated {0} {Line}");
        hosts[0].FlushOutput();
        Assert.Equal(
            ["Information: stdout: hello, wörld", "Warning: stderr: oops", "Information: stdout: second line", "Information: stdout: unterminated {0} {Line}"],
            logger.Lines);

        var ret = guest.ReturnArea();
        guest.Import<Action<int, int>>(Streams, "[method]output-stream.check-write")(stdout, ret);
        Assert.Equal(0, guest.U8(ret));
        Assert.True(guest.U64(ret + 8) > 0);
    }

    [Fact]
    public void LongLinesAreSplitAndOutputIsCappedWithOneWarning()
    {
        var guest = Guest(new WasiConfiguration { Logger = logger, MaxLineBytes = 4, MaxOutputBytes = 10 });
        var stdout = guest.Import<Func<int>>($"wasi:cli/stdout@{V}", "get-stdout")();
        Write(guest, stdout, "abcdefghij-and-more\n");
        Write(guest, stdout, "more\n");
        Assert.Equal(
            ["Information: stdout: abcd", "Information: stdout: efgh", "Warning: stdout: output beyond 10 bytes is dropped"],
            logger.Lines);
        hosts[0].FlushOutput();
        Assert.Equal("Information: stdout: ij", logger.Lines[^1]);
    }

    [Fact]
    public void EnvironmentAndArgumentsAreEmptyUnlessConfigured()
    {
        var empty = Guest();
        var ret = empty.ReturnArea();
        empty.Import<Action<int>>($"wasi:cli/environment@{V}", "get-environment")(ret);
        Assert.Equal(0u, empty.U32(ret + 4));
        empty.Import<Action<int>>($"wasi:cli/environment@{V}", "get-arguments")(ret);
        Assert.Equal(0u, empty.U32(ret + 4));
        empty.Import<Action<int>>($"wasi:cli/environment@{V}", "initial-cwd")(ret);
        Assert.Equal(0, empty.U8(ret));

        var configured = Guest(new WasiConfiguration { Environment = [new("GREETING", "grüß dich"), new("EMPTY", "")], Arguments = ["plugin", "--verbose"] });
        configured.Import<Action<int>>($"wasi:cli/environment@{V}", "get-environment")(ret = configured.ReturnArea());
        Assert.Equal(2u, configured.U32(ret + 4));
        var list = (int)configured.U32(ret);
        Assert.Equal(["GREETING", "grüß dich", "EMPTY", ""], [configured.StringAt(list), configured.StringAt(list + 8), configured.StringAt(list + 16), configured.StringAt(list + 24)]);
        configured.Import<Action<int>>($"wasi:cli/environment@{V}", "get-arguments")(ret);
        list = (int)configured.U32(ret);
        Assert.Equal(["plugin", "--verbose"], [configured.StringAt(list), configured.StringAt(list + 8)]);
    }

    [Fact]
    public void ExitThrowsWithItsCodeAfterFlushingOutput()
    {
        var guest = Guest();
        var stdout = guest.Import<Func<int>>($"wasi:cli/stdout@{V}", "get-stdout")();
        Write(guest, stdout, "last words");
        var exit = guest.Import<Action<int>>($"wasi:cli/exit@{V}", "exit");
        Assert.Equal(0, Assert.Throws<WasiExitException>(() => exit(0)).ExitCode);
        Assert.Equal(["Information: stdout: last words"], logger.Lines);
        Assert.Equal(1, Assert.Throws<WasiExitException>(() => exit(1)).ExitCode);
        Assert.Equal(42, Assert.Throws<WasiExitException>(() => guest.Import<Action<int>>($"wasi:cli/exit@{V}", "exit-with-code")(42)).ExitCode);
        Assert.Throws<CanonicalAbiTrapException>(() => exit(2));
    }

    [Fact]
    public void StdinIsEmptyAndTerminalsAreAbsent()
    {
        var guest = Guest();
        var stdin = guest.Import<Func<int>>($"wasi:cli/stdin@{V}", "get-stdin")();
        var ret = guest.ReturnArea();
        guest.Import<Action<int, long, int>>(Streams, "[method]input-stream.blocking-read")(stdin, 100, ret);
        Assert.Equal([1, 1], [guest.U8(ret), guest.U8(ret + 4)]); // err(closed)
        foreach (var (instance, function) in new[] { ("terminal-stdin", "get-terminal-stdin"), ("terminal-stdout", "get-terminal-stdout"), ("terminal-stderr", "get-terminal-stderr") })
        {
            guest.Options.Memory.StoreU8(ret, 0xff);
            guest.Import<Action<int>>($"wasi:cli/{instance}@{V}", function)(ret);
            Assert.Equal(0, guest.U8(ret));
        }
    }

    [Fact]
    public void ClocksAreReal()
    {
        var guest = Guest();
        var ret = guest.ReturnArea();
        guest.Import<Action<int>>($"wasi:clocks/wall-clock@{V}", "now")(ret);
        var wall = DateTime.UnixEpoch.AddSeconds(guest.U64(ret)).AddTicks(guest.U32(ret + 8) / 100);
        Assert.InRange(wall, DateTime.UtcNow.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));
        Assert.InRange(guest.U32(ret + 8), 0u, 999_999_999u);

        var now = guest.Import<Func<long>>($"wasi:clocks/monotonic-clock@{V}", "now");
        var first = now();
        Thread.Sleep(20);
        Assert.InRange(now() - first, 15_000_000L, 5_000_000_000L);
        Assert.True(guest.Import<Func<long>>($"wasi:clocks/monotonic-clock@{V}", "resolution")() > 0);
    }

    [Fact]
    public void PollWaitsForTheEarliestTimer()
    {
        var guest = Guest();
        var subscribe = guest.Import<Func<long, int>>($"wasi:clocks/monotonic-clock@{V}", "subscribe-duration");
        var watch = Stopwatch.StartNew();
        var slow = subscribe(10_000_000_000);
        var fast = subscribe(30_000_000);
        var handles = guest.ReturnArea();
        guest.Options.Memory.StoreU32(handles, (uint)slow);
        guest.Options.Memory.StoreU32(handles + 4, (uint)fast);
        var ret = guest.ReturnArea();
        guest.Import<Action<int, int, int>>(Poll, "poll")(handles, 2, ret);
        Assert.InRange(watch.ElapsedMilliseconds, 25, 5_000);
        Assert.Equal(1u, guest.U32(ret + 4));
        Assert.Equal(1u, guest.U32((int)guest.U32(ret)));
        Assert.Equal(0, guest.Import<Func<int, int>>(Poll, "[method]pollable.ready")(slow));
        Assert.Equal(1, guest.Import<Func<int, int>>(Poll, "[method]pollable.ready")(fast));
        Assert.Throws<CanonicalAbiTrapException>(() => guest.Import<Action<int, int, int>>(Poll, "poll")(handles, 0, ret));
    }

    [Fact]
    public void ABlockingWaitEndsWhenTheHostCancels()
    {
        using var cancellation = new CancellationTokenSource();
        var guest = Guest(new WasiConfiguration { Logger = logger, Cancellation = cancellation.Token });
        var hour = guest.Import<Func<long, int>>($"wasi:clocks/monotonic-clock@{V}", "subscribe-duration")(3_600_000_000_000);
        var watch = Stopwatch.StartNew();
        cancellation.CancelAfter(50);
        Assert.ThrowsAny<OperationCanceledException>(() => guest.Import<Action<int>>(Poll, "[method]pollable.block")(hour));
        Assert.InRange(watch.ElapsedMilliseconds, 30, 5_000);
    }

    [Fact]
    public void RandomIsRealAndBounded()
    {
        var guest = Guest();
        var ret = guest.ReturnArea();
        var bytes = guest.Import<Action<long, int>>($"wasi:random/random@{V}", "get-random-bytes");
        bytes(64, ret);
        var first = guest.BytesAt(ret);
        bytes(64, ret);
        Assert.Equal(64, first.Length);
        Assert.NotEqual(first, guest.BytesAt(ret));
        Assert.NotEqual(
            guest.Import<Func<long>>($"wasi:random/insecure@{V}", "get-insecure-random-u64")(),
            guest.Import<Func<long>>($"wasi:random/insecure@{V}", "get-insecure-random-u64")());
        guest.Import<Action<int>>($"wasi:random/insecure-seed@{V}", "insecure-seed")(ret);
        Assert.NotEqual((0ul, 0ul), (guest.U64(ret), guest.U64(ret + 8)));
        var exception = Assert.Throws<CanonicalAbiTrapException>(() => bytes(1L << 40, ret));
        Assert.Equal("get-random-bytes(1099511627776) asks for more than 16777216 bytes", exception.Message);
    }

    [Fact]
    public void ForgedAndDroppedHandlesTrap()
    {
        var guest = Guest();
        var ret = guest.ReturnArea();
        var (pointer, length) = guest.String("x");
        var write = guest.Import<Action<int, int, int, int>>(Streams, "[method]output-stream.write");
        Assert.Throws<CanonicalAbiTrapException>(() => write(77, pointer, length, ret));
        var stdout = guest.Import<Func<int>>($"wasi:cli/stdout@{V}", "get-stdout")();
        guest.Drop(OutputStreamKey, stdout);
        Assert.Throws<CanonicalAbiTrapException>(() => write(stdout, pointer, length, ret));
        // A live input-stream handle is no output stream, even at the index the dropped stdout had: all resource types
        // share the guest's one handle table, and each handle records its type.
        var stdin = guest.Import<Func<int>>($"wasi:cli/stdin@{V}", "get-stdin")();
        Assert.Equal(stdout, stdin);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => write(stdin, pointer, length, ret));
        Assert.Equal($"resource handle {stdin} has the wrong type: it is a handle of {InputStreamKey}, but a handle of {OutputStreamKey} is required", trap.Message);
    }

    // ---- filesystem ----

    private List<(int Descriptor, string Name)> Preopens(FakeGuest guest)
    {
        var ret = guest.ReturnArea();
        guest.Import<Action<int>>($"wasi:filesystem/preopens@{V}", "get-directories")(ret);
        var list = (int)guest.U32(ret);
        return Enumerable.Range(0, (int)guest.U32(ret + 4)).Select(i => ((int)guest.U32(list + (12 * i)), guest.StringAt(list + (12 * i) + 4))).ToList();
    }

    /// <summary>open-at for reading; returns (error code or -1, descriptor handle).</summary>
    private static (int Error, int Descriptor) OpenAt(FakeGuest guest, int directory, string path, int openFlags = 0, int flags = 1, int pathFlags = 1)
    {
        var (pointer, length) = guest.String(path);
        var ret = guest.ReturnArea();
        guest.Import<Action<int, int, int, int, int, int, int>>(FilesystemTypes, "[method]descriptor.open-at")(directory, pathFlags, pointer, length, openFlags, flags, ret);
        return guest.U8(ret) == 0 ? (-1, (int)guest.U32(ret + 4)) : (guest.U8(ret + 4), 0);
    }

    private static string ReadAll(FakeGuest guest, int descriptor)
    {
        var ret = guest.ReturnArea();
        guest.Import<Action<int, long, int>>(FilesystemTypes, "[method]descriptor.read-via-stream")(descriptor, 0, ret);
        Assert.Equal(0, guest.U8(ret));
        var stream = (int)guest.U32(ret + 4);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            guest.Import<Action<int, long, int>>(Streams, "[method]input-stream.blocking-read")(stream, 3, ret);
            if (guest.U8(ret) != 0)
            {
                Assert.Equal(1, guest.U8(ret + 4)); // closed at the end
                guest.Drop(InputStreamKey, stream);
                return text.ToString();
            }

            text.Append(System.Text.Encoding.UTF8.GetString(guest.BytesAt(ret + 4)));
        }
    }

    private const int NotPermitted = 31, ReadOnly = 33, NoEntry = 20, NotDirectory = 24;

    [Fact]
    public void WithoutAGrantThereAreNoPreopens()
    {
        Assert.Empty(Preopens(Guest()));
    }

    [Fact]
    public void AGrantedDirectoryIsReadableAndNothingOutsideIt()
    {
        var granted = Directory.CreateDirectory(Path.Combine(sandbox, "granted")).FullName;
        Directory.CreateDirectory(Path.Combine(granted, "sub"));
        File.WriteAllText(Path.Combine(granted, "sub", "wave.vcd"), "$timescale 1ns $end\n");
        File.WriteAllText(Path.Combine(sandbox, "secret.txt"), "outside");
        File.CreateSymbolicLink(Path.Combine(granted, "escape"), Path.Combine(sandbox, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(granted, "escape-relative"), "../secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(granted, "up"), "..");
        File.CreateSymbolicLink(Path.Combine(granted, "inside"), "sub/wave.vcd");

        var guest = Guest(new WasiConfiguration { Logger = logger, Preopens = [new WasiPreopen(granted, "/data")] });
        var preopens = Preopens(guest);
        Assert.Equal("/data", Assert.Single(preopens).Name);
        var root = preopens[0].Descriptor;

        var (error, file) = OpenAt(guest, root, "sub/./wave.vcd");
        Assert.Equal(-1, error);
        Assert.Equal("$timescale 1ns $end\n", ReadAll(guest, file));
        Assert.Equal("$timescale 1ns $end\n", ReadAll(guest, OpenAt(guest, root, "inside").Descriptor));
        Assert.Equal(-1, OpenAt(guest, root, "sub/../sub/wave.vcd").Error);

        Assert.Equal(NotPermitted, OpenAt(guest, root, "../secret.txt").Error);
        Assert.Equal(NotPermitted, OpenAt(guest, root, "sub/../../secret.txt").Error);
        Assert.Equal(NotPermitted, OpenAt(guest, root, Path.Combine(sandbox, "secret.txt")).Error);
        Assert.Equal(NotPermitted, OpenAt(guest, root, "escape").Error);
        Assert.Equal(NotPermitted, OpenAt(guest, root, "escape-relative").Error);
        Assert.Equal(NotPermitted, OpenAt(guest, root, "up/secret.txt").Error);
        Assert.Equal(NoEntry, OpenAt(guest, root, "missing.vcd").Error);
        Assert.Equal(NotDirectory, OpenAt(guest, root, "sub/wave.vcd", openFlags: 2).Error);
        Assert.Equal(ReadOnly, OpenAt(guest, root, "new.txt", openFlags: 1).Error);
        Assert.Equal(ReadOnly, OpenAt(guest, root, "sub/wave.vcd", flags: 3).Error);

        // A subdirectory descriptor is confined to the same preopen.
        var sub = OpenAt(guest, root, "sub", openFlags: 2).Descriptor;
        Assert.Equal(-1, OpenAt(guest, sub, "../sub/wave.vcd").Error);
        Assert.Equal(NotPermitted, OpenAt(guest, sub, "../../secret.txt").Error);

        var ret = guest.ReturnArea();
        guest.Import<Action<int, int>>(FilesystemTypes, "[method]descriptor.read-directory")(root, ret);
        Assert.Equal(0, guest.U8(ret));
        var entries = (int)guest.U32(ret + 4);
        var names = new List<string>();
        while (true)
        {
            guest.Import<Action<int, int>>(FilesystemTypes, "[method]directory-entry-stream.read-directory-entry")(entries, ret);
            Assert.Equal(0, guest.U8(ret));
            if (guest.U8(ret + 4) == 0)
            {
                break;
            }

            names.Add($"{guest.StringAt(ret + 12)}:{guest.U8(ret + 8)}");
        }

        Assert.Equal(["escape:5", "escape-relative:5", "inside:5", "sub:3", "up:5"], names);

        guest.Import<Action<int, int>>(FilesystemTypes, "[method]descriptor.stat")(file, ret);
        Assert.Equal([0, 6], [guest.U8(ret), guest.U8(ret + 8)]);
        Assert.Equal(20ul, guest.U64(ret + 24));
        Assert.Equal(1, guest.U8(ret + 8 + 48));

        var (pointer, length) = guest.String("x");
        guest.Import<Action<int, int, int, long, int>>(FilesystemTypes, "[method]descriptor.write")(file, pointer, length, 0, ret);
        Assert.Equal([1, ReadOnly], [guest.U8(ret), guest.U8(ret + 8)]);
        // A stream must not outlive its descriptor: reading it afterwards traps instead of touching a closed file.
        guest.Import<Action<int, long, int>>(FilesystemTypes, "[method]descriptor.read-via-stream")(file, 0, ret);
        var orphan = (int)guest.U32(ret + 4);
        guest.Drop(DescriptorKey, file);
        Assert.Throws<CanonicalAbiTrapException>(() => guest.Import<Action<int, int>>(FilesystemTypes, "[method]descriptor.stat")(file, ret));
        var exception = Assert.Throws<CanonicalAbiTrapException>(() => guest.Import<Action<int, long, int>>(Streams, "[method]input-stream.read")(orphan, 4, ret));
        Assert.Equal("an input-stream was read after the descriptor it came from was dropped", exception.Message);
    }

    [Fact]
    public void BadLimitsAndUnnamedPreopensAreRefusedWhenTheHostIsCreated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WasiHost(new WasiConfiguration { MaxLineBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WasiHost(new WasiConfiguration { MaxOutputBytes = -1 }));
        var exception = Assert.Throws<ArgumentException>(() => new WasiHost(new WasiConfiguration { Preopens = [new WasiPreopen(sandbox, "")] }));
        Assert.StartsWith($"the preopen of {sandbox} has no guest path", exception.Message);
    }

    [Fact]
    public void AMissingPreopenDirectoryIsRefusedWhenTheHostIsCreated()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new WasiHost(new WasiConfiguration { Preopens = [new WasiPreopen(Path.Combine(sandbox, "nope"), "/x")] }));
    }
}
