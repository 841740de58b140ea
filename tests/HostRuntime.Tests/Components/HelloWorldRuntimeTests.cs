using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>plugins/dist/hello_world.wasm instantiated and driven through init, handle-event and shutdown with a small
/// hand-written binding of wit/plugins.wit (the parts hello_world uses).</summary>
public sealed class HelloWorldRuntimeTests
{
    private static readonly Engine Engine = new();
    private static readonly Component HelloWorld = Component.FromBytes(Engine, TestFiles.HelloWorld());

    [Fact]
    public void InitHandleEventShutdown_LogsGuestMessagesToTheHost()
    {
        var log = new List<(int Level, string Message)>();
        var instance = Instantiate(log);

        var metadata = Init(instance, [("mode", "fast"), ("name", "ünïcødé ✓")]);
        Assert.Equal(("0.1.0", "Logs a greeting and every event it receives.", "log"), metadata);

        Assert.Equal(0, HandleTick(instance));
        Shutdown(instance);

        Assert.Equal(
            [
                (2, "hello from hello_world"),
                (2, "config mode = fast"),
                (2, "config name = ünïcødé ✓"),
                (2, "event: tick"),
                (2, "goodbye from hello_world"),
            ],
            log);
    }

    [Fact]
    public void Instances_AreIndependent()
    {
        var firstLog = new List<(int Level, string Message)>();
        var secondLog = new List<(int Level, string Message)>();
        var first = Instantiate(firstLog);
        var second = Instantiate(secondLog);

        Init(first, []);
        Shutdown(second);

        Assert.Equal([(2, "hello from hello_world")], firstLog);
        Assert.Equal([(2, "goodbye from hello_world")], secondLog);
    }

    [Fact]
    public void MissingImport_IsNamedWithItsWitType()
    {
        var linker = new ComponentLinker(Engine);
        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), HelloWorld));
        Assert.Contains("log: func(level: log-level, message: string)", error.Message);
    }

    [Fact]
    public void LoweringWithTheWrongCoreSignature_IsRejectedAtInstantiation()
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "log", _ => new Action<int, int>((_, _) => { }));
        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), HelloWorld));
        Assert.Contains("(i32, i32) -> ()", error.Message);
        Assert.Contains("(i32, i32, i32) -> ()", error.Message);
    }

    [Fact]
    public void UnknownExport_ListsWhatTheComponentExports()
    {
        var instance = Instantiate([]);
        var error = Assert.Throws<KeyNotFoundException>(() => instance.GetFunction(null, "nope"));
        Assert.Contains("handle-event, init, shutdown", error.Message);
    }

    private static ComponentInstance Instantiate(List<(int Level, string Message)> log)
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "log", options => new Action<int, int, int>((level, pointer, length) =>
            log.Add((CanonicalValues.CheckDiscriminant(level, 5, "log-level"), CanonicalValues.LiftUtf8String(options.Memory, pointer, length)))));
        return linker.Instantiate(new Store(Engine), HelloWorld);
    }

    /// <summary>init(config) -> result&lt;plugin-metadata, plugin-error&gt;; returns (version, description, capabilities).</summary>
    private static (string, string, string) Init(ComponentInstance instance, (string Key, string Value)[] config)
    {
        var init = instance.GetFunction(null, "init");
        var options = init.Options;
        var list = config.Length == 0 ? 0 : options.Realloc(0, 0, 4, config.Length * 16);
        for (var i = 0; i < config.Length; i++)
        {
            var key = CanonicalValues.LowerUtf8String(options, config[i].Key, out var keyLength);
            var value = CanonicalValues.LowerUtf8String(options, config[i].Value, out var valueLength);
            options.Memory.StoreU32(list + (16 * i), (uint)key);
            options.Memory.StoreU32(list + (16 * i) + 4, (uint)keyLength);
            options.Memory.StoreU32(list + (16 * i) + 8, (uint)value);
            options.Memory.StoreU32(list + (16 * i) + 12, (uint)valueLength);
        }

        var result = init.GetCore<Func<int, int, int>>()(list, config.Length);
        var memory = options.Memory;
        Assert.Equal(0, memory.LoadU8(result));
        var capabilities = (int)memory.LoadU32(result + 20);
        Assert.Equal(1u, memory.LoadU32(result + 24));
        var metadata = (
            CanonicalValues.LiftUtf8String(memory, (int)memory.LoadU32(result + 4), (int)memory.LoadU32(result + 8)),
            CanonicalValues.LiftUtf8String(memory, (int)memory.LoadU32(result + 12), (int)memory.LoadU32(result + 16)),
            CanonicalValues.LiftUtf8String(memory, (int)memory.LoadU32(capabilities), (int)memory.LoadU32(capabilities + 4)));
        init.GetPostReturn<Action<int>>()!(result);
        return metadata;
    }

    /// <summary>handle-event(tick) -> result&lt;_, plugin-error&gt;; returns the result's discriminant.</summary>
    private static int HandleTick(ComponentInstance instance)
    {
        var handleEvent = instance.GetFunction(null, "handle-event");
        var result = handleEvent.GetCore<Func<int, long, int, int, int>>()(0, 0, 0, 0);
        var discriminant = handleEvent.Options.Memory.LoadU8(result);
        handleEvent.GetPostReturn<Action<int>>()!(result);
        return discriminant;
    }

    private static void Shutdown(ComponentInstance instance) => instance.GetFunction(null, "shutdown").GetCore<Action>()();
}
