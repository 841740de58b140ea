namespace WitSharp.Wasm.Tests.Runtime;

public class SandboxTests
{
    private const string InfiniteLoop = """(module (func (export "spin") (loop $l (br $l))))""";

    [Fact]
    public void UnboundedRecursionTrapsWithStackExhausted()
    {
        var instance = Wat.Instantiate("""(module (func $f (export "f") (call $f)))""");
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("f")!.Invoke([]));
        Assert.Equal(TrapKind.StackExhausted, trap.Kind);
        Assert.Equal("call stack exhausted", trap.Message);
    }

    [Fact]
    public void FuelStopsAnInfiniteLoopDeterministically()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var store = new Store(engine);
        store.AddFuel(10_000);
        var instance = Wat.Instantiate(InfiniteLoop, store: store);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("spin")!.Invoke([]));
        Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
        Assert.Equal(0, store.GetFuel());
    }

    [Fact]
    public void FuelIsChargedPerInstruction()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var store = new Store(engine);
        store.AddFuel(100);
        var instance = Wat.Instantiate("""(module (func (export "f") (result i32) i32.const 1 i32.const 2 i32.add))""", store: store);
        instance.GetFunction("f")!.Invoke([]);
        Assert.Equal(96, store.GetFuel());
    }

    [Fact]
    public void DeadlineInterruptsAnInfiniteLoop()
    {
        var store = new Store(new Engine()) { DeadlineUtc = DateTime.UtcNow.AddMilliseconds(50) };
        var instance = Wat.Instantiate(InfiniteLoop, store: store);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("spin")!.Invoke([])).Kind);
    }

    [Fact]
    public void CancellationTokenInterruptsAnInfiniteLoop()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var store = new Store(new Engine()) { CancellationToken = cancellation.Token };
        var instance = Wat.Instantiate(InfiniteLoop, store: store);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("spin")!.Invoke([])).Kind);
    }

    [Fact]
    public void InterruptFromAnotherThreadStopsALoopWithoutCallsOrMemory()
    {
        var store = new Store(new Engine());
        var instance = Wat.Instantiate("""
            (module (func (export "count") (param i32) (result i32)
              (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l)) (local.get 0)))
            """, store: store);
        using var timer = new Timer(_ => store.Interrupt(), null, 50, Timeout.Infinite);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("count")!.Invoke([Value.FromI32(0)])).Kind);

        // The request stays until cleared; then the same store runs again.
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("count")!.Invoke([Value.FromI32(0)])).Kind);
        store.ClearInterrupt();
        var finite = Wat.Instantiate("""(module (func (export "one") (result i32) (i32.const 1)))""", store: store);
        Assert.Equal(1, finite.GetFunction("one")!.Invoke([])[0].AsI32());
    }

    [Fact]
    public void PassedDeadlineTrapsAtOnceAndReplacingItLetsCodeRunAgain()
    {
        var store = new Store(new Engine()) { DeadlineUtc = DateTime.UtcNow.AddSeconds(-1) };
        var instance = Wat.Instantiate("""(module (func (export "one") (result i32) (i32.const 1)))""", store: store);
        var one = instance.GetFunction("one")!;
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => one.Invoke([])).Kind);

        store.DeadlineUtc = DateTime.UtcNow.AddHours(1);
        Assert.Equal(1, one.Invoke([])[0].AsI32());
        store.DeadlineUtc = null;
        Assert.Equal(1, one.Invoke([])[0].AsI32());
    }

    [Fact]
    public void ReplacingACancelledTokenLetsCodeRunAgain()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var store = new Store(new Engine()) { CancellationToken = cancellation.Token };
        var instance = Wat.Instantiate("""(module (func (export "one") (result i32) (i32.const 1)))""", store: store);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("one")!.Invoke([])).Kind);

        store.CancellationToken = CancellationToken.None;
        Assert.Equal(1, instance.GetFunction("one")!.Invoke([])[0].AsI32());
    }

    [Fact]
    public void AccessesAfterACallThatGrewMemorySeeTheNewPages()
    {
        var instance = Wat.Instantiate("""
            (module
              (memory (export "m") 1)
              (func $grow (drop (memory.grow (i32.const 1))))
              (func (export "direct") (result i32)
                (call $grow) (i32.store (i32.const 70000) (i32.const 5)) (i32.load (i32.const 70000))))
            """);
        var memory = instance.GetMemory("m")!;
        Assert.Equal(5, instance.GetFunction("direct")!.Invoke([])[0].AsI32());
        Assert.Equal(5, memory.ReadInt32(70000));

        var viaHost = Wat.Instantiate("""
            (module
              (import "host" "grow" (func $host_grow))
              (import "env" "m" (memory 1))
              (func (export "run") (result i32)
                (call $host_grow) (i32.store (i32.const 70000) (i32.const 6)) (i32.load (i32.const 70000))))
            """, link: linker => linker
                .DefineFunction("host", "grow", (Action)(() => memory.Grow(1)))
                .Define("env", "m", memory));
        Assert.Equal(6, viaHost.GetFunction("run")!.Invoke([])[0].AsI32());
        Assert.Equal(6, memory.ReadInt32(70000));
        Assert.Equal(3u, memory.Pages);
    }

    [Fact]
    public void MemoryGrowsToTheFull4GiBAndEveryAddressIsReachable()
    {
        var instance = Wat.Instantiate("""
            (module (memory (export "m") 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "size") (result i32) (memory.size)))
            """);
        var grow = instance.GetFunction("grow")!.AsDelegate<Func<int, int>>();
        var store = instance.GetFunction("store")!.AsDelegate<Action<int, int>>();
        var load = instance.GetFunction("load")!.AsDelegate<Func<int, int>>();
        var memory = instance.GetMemory("m")!;
        store(8, 77);

        Assert.Equal(1, grow(40_000));
        Assert.Equal(77, load(8));
        store(unchecked((int)0x9C40_0000), 123); // 2.4 GiB: beyond any managed array
        Assert.Equal(123, memory.ReadInt32(0x9C40_0000));
        Assert.Equal(40_001u, memory.Pages);
        Assert.Equal(Array.MaxLength, memory.Span.Length);

        Assert.Equal(40_001, grow(65_536 - 40_001));
        Assert.Equal(65_536, instance.GetFunction("size")!.AsDelegate<Func<int>>()());
        store(-4, 5); // the last four bytes of the 32-bit address space
        Assert.Equal(5, load(-4));
        Assert.Equal(TrapKind.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load(-3)).Kind);
        Assert.Equal(-1, grow(1));
        Assert.Equal(4L << 30, memory.Length);
    }

    [Fact]
    public void MemoryGrowRespectsTheStoreLimit()
    {
        var store = new Store(new Engine(), new StoreLimits(MaxMemoryPages: 4, MaxTableElements: 100, MaxInstances: 10));
        var instance = Wat.Instantiate("""(module (memory (export "m") 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))""", store: store);
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(1, grow.Invoke([Value.FromI32(3)])[0].AsI32());
        Assert.Equal(-1, grow.Invoke([Value.FromI32(1)])[0].AsI32());
        Assert.Equal(4u, instance.GetMemory("m")!.Pages);
    }

    [Fact]
    public void TableGrowRespectsTheStoreLimit()
    {
        var store = new Store(new Engine(), new StoreLimits(MaxMemoryPages: 4, MaxTableElements: 10, MaxInstances: 10));
        var instance = Wat.Instantiate("""(module (table 2 funcref) (func (export "grow") (param i32) (result i32) ref.null func local.get 0 table.grow 0))""", store: store);
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(2, grow.Invoke([Value.FromI32(8)])[0].AsI32());
        Assert.Equal(-1, grow.Invoke([Value.FromI32(1)])[0].AsI32());
    }

    [Fact]
    public void OutOfBoundsLoadTrapsEvenWithAHugeOffset()
    {
        var instance = Wat.Instantiate("""(module (memory 1) (func (export "load") (param i32) (result i32) local.get 0 i32.load offset=4294967295))""");
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("load")!.Invoke([Value.FromI32(1)]));
        Assert.Equal(TrapKind.MemoryOutOfBounds, trap.Kind);
    }

    [Fact]
    public void HostFunctionExceptionsBecomeTrapsCarryingTheOriginal()
    {
        var failure = new InvalidOperationException("boom");
        var instance = Wat.Instantiate("""
            (module (import "env" "fail" (func $fail)) (func (export "run") (call $fail)))
            """, link: linker => linker.DefineFunction("env", "fail", new FunctionType([], []), (_, _) => throw failure));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke([]));
        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Same(failure, trap.InnerException);
    }

    [Fact]
    public void UnknownImportIsALinkError()
    {
        var error = Assert.Throws<LinkException>(() => Wat.Instantiate("""(module (import "env" "missing" (func (param i32))))"""));
        Assert.Contains("\"env\" \"missing\"", error.Message);
    }

    [Fact]
    public void InterruptedStoreRefusesLeafFunctionsOnEveryEntryPath()
    {
        var store = new Store(new Engine());
        var instance = Wat.Instantiate("""(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))""", store: store);
        var typed = instance.GetFunction<int, int, int>("add");
        var asDelegate = instance.GetFunction("add")!.AsDelegate<Func<int, int, int>>();
        store.Interrupt();

        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => typed.Invoke(1, 2)).Kind);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => asDelegate(1, 2)).Kind);
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => instance.GetFunction("add")!.Invoke([Value.FromI32(1), Value.FromI32(2)])).Kind);

        store.ClearInterrupt();
        Assert.Equal(3, typed.Invoke(1, 2));
        Assert.Equal(3, asDelegate(1, 2));
    }
}
