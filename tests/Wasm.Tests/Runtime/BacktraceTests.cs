namespace WitSharp.Wasm.Tests.Runtime;

public class BacktraceTests
{
    private const string Chain = """
        (module $chain
          (import "host" "reenter" (func $reenter (param i32)))
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
          (func $middle (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
          (func $outer (export "outer") (param i32) (result i32) (i32.mul (call $middle (local.get 0)) (i32.const 2)))
          (func $via_host (export "via_host") (param i32) (call $reenter (local.get 0))))
        """;

    private static (Instance Instance, Function Outer) Instantiate(bool debugNames)
    {
        var engine = new Engine();
        var store = new Store(engine);
        var module = Module.FromBytes(engine, Wat.ToWasm(Chain, debugNames));
        Function? outer = null;
        var linker = new Linker(engine).DefineFunction("host", "reenter", (Action<int>)(value => outer!.Invoke([Value.FromI32(value)])));
        var instance = linker.Instantiate(store, module);
        outer = instance.GetFunction("outer")!;
        return (instance, outer);
    }

    [Fact]
    public void TrapNamesEveryWasmFrameInnermostFirst()
    {
        var (_, outer) = Instantiate(debugNames: true);
        Assert.Equal(4, outer.Invoke([Value.FromI32(1)])[0].AsI32());

        var trap = Assert.Throws<TrapException>(() => outer.Invoke([Value.FromI32(0)]));

        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal([new WasmFrame(1, "inner", "chain"), new WasmFrame(2, "middle", "chain"), new WasmFrame(3, "outer", "chain")], trap.Backtrace);
        Assert.Contains("chain!middle", trap.ToString());
    }

    [Fact]
    public void BacktraceSpansHostFunctionsAndTypedCalls()
    {
        var (instance, _) = Instantiate(debugNames: true);
        var viaHost = instance.GetFunction("via_host")!.AsDelegate<Action<int>>();

        var trap = Assert.Throws<TrapException>(() => viaHost(0));

        Assert.Equal(["inner", "middle", "outer", "via_host"], trap.Backtrace.Select(frame => frame.FunctionName));
    }

    [Fact]
    public void FramesWithoutNameSectionKeepTheirIndices()
    {
        var (_, outer) = Instantiate(debugNames: false);

        var trap = Assert.Throws<TrapException>(() => outer.Invoke([Value.FromI32(0)]));

        Assert.Equal([1u, 2u, 3u], trap.Backtrace.Select(frame => frame.FunctionIndex));
        Assert.All(trap.Backtrace, frame => Assert.Null(frame.FunctionName));
        Assert.Contains("<func 2>", trap.ToString());
    }

    [Fact]
    public void BacktraceStaysExactAfterTheJitOptimisesHotFunctions()
    {
        var (_, outer) = Instantiate(debugNames: true);
        for (var i = 0; i < 20_000; i++)
        {
            outer.Invoke([Value.FromI32(1)]);
        }

        Thread.Sleep(200);
        for (var i = 0; i < 20_000; i++)
        {
            outer.Invoke([Value.FromI32(1)]);
        }

        var trap = Assert.Throws<TrapException>(() => outer.Invoke([Value.FromI32(0)]));
        Assert.Equal(["inner", "middle", "outer"], trap.Backtrace.Select(frame => frame.FunctionName));
    }

    [Fact]
    public void ATrapThatWasNeverThrownHasNoFrames() => Assert.Empty(new TrapException(TrapKind.Unreachable).Backtrace);
}
