using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.WitGenerator.Tests.Loopback;

/// <summary>Bindings of Corpus/resources/resources.wit: a resource the host implements.</summary>
[WitWorld("witsharp:resources/resources")]
internal static partial class ResourcesWorld
{
    internal sealed class HostFile(string path) : IFile
    {
        public bool Disposed { get; private set; }

        public string Path() => path;

        public byte[] Read(uint count) => Encoding.UTF8.GetBytes(path)[..(int)Math.Min(count, (uint)path.Length)];

        public void Dispose() => Disposed = true;
    }

    internal sealed class Files : IFiles, IImports
    {
        public List<HostFile> Created { get; } = [];

        public List<IFile> Closed { get; } = [];

        IFiles IImports.Files => this;

        public IFile CreateFile(string path)
        {
            var file = new HostFile(path);
            Created.Add(file);
            return file;
        }

        public Result<IFile, string> FileOpen(string path) =>
            path.Length == 0 ? Result<IFile, string>.Err("empty path") : Result<IFile, string>.Ok(CreateFile(path));

        public string Describe(IFile f) => "file " + f.Path();

        public string Close(IFile f)
        {
            Closed.Add(f);
            return "closed " + f.Path();
        }

        public IReadOnlyList<IFile> OpenAll(IReadOnlyList<string> paths) => paths.Select(CreateFile).ToList();
    }
}

/// <summary>The guest's side of a host resource, driven through the generated import lowerings.</summary>
public sealed class ResourceTests
{
    private const string Files = "witsharp:resources/files@0.1.0";
    private const string TableKey = Files + "#file";

    private static (LoopbackRuntime Runtime, ResourcesWorld.Files Host) Connect()
    {
        var runtime = new LoopbackRuntime();
        var host = new ResourcesWorld.Files();
        ResourcesWorld.RegisterImports(runtime, host);
        return (runtime, host);
    }

    private static (int Pointer, int Length) GuestString(LoopbackRuntime runtime, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var pointer = runtime.Allocate(1, bytes.Length);
        bytes.CopyTo(runtime.Memory.Bytes[pointer..]);
        return (pointer, bytes.Length);
    }

    private static string ReadString(LoopbackRuntime runtime, int resultPointer) =>
        Encoding.UTF8.GetString(runtime.Memory.Bytes.Slice((int)runtime.Memory.LoadU32(resultPointer), (int)runtime.Memory.LoadU32(resultPointer + 4)));

    [Fact]
    public void Constructor_returns_an_owned_handle_whose_methods_reach_the_host_object()
    {
        var (runtime, host) = Connect();
        var (path, length) = GuestString(runtime, "wave.vcd");
        var handle = runtime.Import<Func<int, int, int>>(Files, "[constructor]file")(path, length);
        Assert.True(handle > 0);
        Assert.Equal("wave.vcd", Assert.Single(host.Created).Path());

        var result = runtime.Allocate(4, 8);
        runtime.Import<Action<int, int>>(Files, "[method]file.path")(handle, result);
        Assert.Equal("wave.vcd", ReadString(runtime, result));
        runtime.Import<Action<int, int, int>>(Files, "[method]file.read")(handle, 4, result);
        Assert.Equal("wave", ReadString(runtime, result));
        runtime.Import<Action<int, int>>(Files, "describe")(handle, result);
        Assert.Equal("file wave.vcd", ReadString(runtime, result));
    }

    [Fact]
    public void Dropping_the_handle_disposes_the_host_object()
    {
        var (runtime, host) = Connect();
        var (path, length) = GuestString(runtime, "a");
        var handle = runtime.Import<Func<int, int, int>>(Files, "[constructor]file")(path, length);
        var representation = runtime.Options.Resources.For(TableKey).Remove(handle);
        runtime.Destructors[(Files, "file")](representation);
        Assert.True(Assert.Single(host.Created).Disposed);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int>>(Files, "describe")(handle, 16));
        Assert.Equal($"resource handle {handle} is not a live handle of this instance", trap.Message);
    }

    [Fact]
    public void Static_function_result_and_owned_parameter_move_ownership()
    {
        var (runtime, host) = Connect();
        var (path, length) = GuestString(runtime, "b.fst");
        var result = runtime.Allocate(4, 12);
        runtime.Import<Action<int, int, int>>(Files, "[static]file.open")(path, length, result);
        Assert.Equal(0, runtime.Memory.LoadU8(result));
        var handle = (int)runtime.Memory.LoadU32(result + 4);

        runtime.Import<Action<int, int>>(Files, "close")(handle, result);
        Assert.Equal("closed b.fst", ReadString(runtime, result));
        Assert.Same(host.Created.Single(), Assert.Single(host.Closed));
        Assert.False(host.Created.Single().Disposed);
        Assert.Throws<CanonicalAbiTrapException>(() => runtime.Options.Resources.For(TableKey).Representation(handle));

        var (empty, _) = GuestString(runtime, "");
        runtime.Import<Action<int, int, int>>(Files, "[static]file.open")(empty, 0, result);
        Assert.Equal(1, runtime.Memory.LoadU8(result));
        Assert.Equal("empty path", ReadString(runtime, result + 4));
    }

    [Fact]
    public void List_of_new_resources_becomes_one_handle_each()
    {
        var (runtime, host) = Connect();
        var first = GuestString(runtime, "x");
        var second = GuestString(runtime, "y");
        var list = runtime.Allocate(4, 16);
        runtime.Memory.StoreU32(list, (uint)first.Pointer);
        runtime.Memory.StoreU32(list + 4, 1);
        runtime.Memory.StoreU32(list + 8, (uint)second.Pointer);
        runtime.Memory.StoreU32(list + 12, 1);
        var result = runtime.Allocate(4, 8);
        runtime.Import<Action<int, int, int>>(Files, "open-all")(list, 2, result);
        Assert.Equal(2u, runtime.Memory.LoadU32(result + 4));
        var handles = runtime.Memory.Bytes.Slice((int)runtime.Memory.LoadU32(result), 8);
        var table = runtime.Options.Resources.For(TableKey);
        Assert.NotEqual(table.Representation(BitConverter.ToInt32(handles[..4])), table.Representation(BitConverter.ToInt32(handles[4..])));
        Assert.Equal(["x", "y"], host.Created.Select(f => f.Path()));
    }

    [Fact]
    public void Unknown_handle_traps()
    {
        var (runtime, _) = Connect();
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => runtime.Import<Action<int, int>>(Files, "describe")(99, 16));
        Assert.Equal("resource handle 99 is not a live handle of this instance", trap.Message);
    }
}
