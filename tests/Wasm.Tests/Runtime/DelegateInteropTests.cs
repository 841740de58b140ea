namespace WitSharp.Wasm.Tests.Runtime;

public class DelegateInteropTests
{
    private const string Arithmetic = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "mix") (param i64 f32 f64) (result f64)
            (f64.add (f64.convert_i64_s (local.get 0)) (f64.add (f64.promote_f32 (local.get 1)) (local.get 2))))
          (global $g (mut i32) (i32.const 0))
          (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
          (func (export "count") (result i32) (global.get $g))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "id") (param externref) (result externref) (local.get 0))
          (func $rec (export "recurse") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1)))
          (func (export "spin") (loop $l (br $l))))
        """;

    [Fact]
    public void ExportsBecomeTypedDelegates()
    {
        var instance = Wat.Instantiate(Arithmetic);
        var add = instance.GetFunction("add")!.AsDelegate<Func<int, int, int>>();
        var mix = instance.GetFunction("mix")!.AsDelegate<Func<long, float, double, double>>();
        var bump = instance.GetFunction("bump")!.AsDelegate<Action>();
        var count = instance.GetFunction("count")!.AsDelegate<Func<int>>();
        var id = instance.GetFunction("id")!.AsDelegate<Func<object?, object?>>();

        Assert.Equal(int.MinValue, add(int.MaxValue, 1));
        Assert.Equal(1003.75, mix(1000, 1.5f, 2.25));
        bump();
        bump();
        Assert.Equal(2, count());
        var token = new object();
        Assert.Same(token, id(token));
    }

    [Fact]
    public void DelegatesOfTwoInstancesOfOneModuleCallTheirOwnInstance()
    {
        // The wrappers are built once per compiled function and delegate type; each delegate must still be bound to its instance.
        var engine = new Engine();
        var module = Module.FromBytes(engine, Wat.ToWasm(Arithmetic));
        var first = Instance.Create(new Store(engine), module, []);
        var second = Instance.Create(new Store(engine), module, []);
        var bumpFirst = first.GetFunction("bump")!.AsDelegate<Action>();
        var countFirst = first.GetFunction("count")!.AsDelegate<Func<int>>();
        var countSecond = second.GetFunction("count")!.AsDelegate<Func<int>>();

        bumpFirst();
        bumpFirst();

        Assert.Equal(2, countFirst());
        Assert.Equal(0, countSecond());
    }

    [Fact]
    public void DelegateKeepsCompiledCodeAliveAfterInstanceIsDropped()
    {
        // The delegate calls straight into a collectible assembly; if nothing kept it alive, the call would run freed code.
        var add = MakeDetachedAdd();
        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(42, add(40, 2));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Func<int, int, int> MakeDetachedAdd() => Wat.Instantiate(Arithmetic).GetFunction("add")!.AsDelegate<Func<int, int, int>>();

    [Fact]
    public void MismatchedDelegateIsRejectedWithBothTypes()
    {
        var add = Wat.Instantiate(Arithmetic).GetFunction("add")!;
        var wrongType = Assert.Throws<ArgumentException>(() => add.AsDelegate<Func<long, int, int>>());
        Assert.Contains("i64", wrongType.Message);
        Assert.Contains("i32", wrongType.Message);
        Assert.Throws<ArgumentException>(() => add.AsDelegate<Func<int, int, string>>());
        Assert.Throws<ArgumentException>(() => add.AsDelegate<Action<int, int>>());
    }

    [Fact]
    public void DelegateCallsTrapLikeInvoke()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true, MaxCallDepth = 500 });
        var store = new Store(engine);
        var instance = Wat.Instantiate(Arithmetic, store: store);
        var div = instance.GetFunction("div")!.AsDelegate<Func<int, int, int>>();
        var recurse = instance.GetFunction("recurse")!.AsDelegate<Func<int, int>>();
        var spin = instance.GetFunction("spin")!.AsDelegate<Action>();
        store.AddFuel(1_000_000);

        Assert.Equal(TrapKind.IntegerDivideByZero, Assert.Throws<TrapException>(() => div(1, 0)).Kind);
        Assert.Equal(TrapKind.StackExhausted, Assert.Throws<TrapException>(() => recurse(0)).Kind);
        Assert.Equal(TrapKind.StackExhausted, Assert.Throws<TrapException>(() => recurse(0)).Kind);
        Assert.Equal(-3, div(7, -2));
        Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<TrapException>(() => spin()).Kind);
    }

    [Fact]
    public void DelegateCallsDoNotAllocate()
    {
        var add = Wat.Instantiate(Arithmetic).GetFunction("add")!.AsDelegate<Func<int, int, int>>();
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum = add(sum, i);
        }

        Assert.Equal(0, FewestBytesAllocated(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sum = add(sum, 1);
            }
        }));
        Assert.Equal(4950 + (QuietRounds * 10_000), sum);
    }

    private const int QuietRounds = 3;

    /// <summary>
    /// Bytes allocated on this thread by the quietest of <see cref="QuietRounds"/> runs of <paramref name="round"/>:
    /// tiering and on-stack replacement may allocate once while a loop runs, a per-call allocation shows in every round.
    /// </summary>
    private static long FewestBytesAllocated(Action round)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < QuietRounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    private const string CallsHost = """
        (module
          (import "env" "scale" (func $scale (param i32 f64) (result f64)))
          (import "env" "log" (func $log (param i64)))
          (func (export "run") (param i32) (result f64)
            (call $log (i64.extend_i32_s (local.get 0)))
            (call $scale (local.get 0) (f64.const 0.5)))
          (func (export "loop") (param i32) (result f64) (local $acc f64)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get 0)))
              (local.set $acc (f64.add (local.get $acc) (call $scale (local.get 0) (f64.const 1))))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br $next)))
            (local.get $acc)))
        """;

    [Fact]
    public void LinkerDefinesHostFunctionsFromTypedDelegates()
    {
        var logged = new List<long>();
        var instance = Wat.Instantiate(CallsHost, link: linker => linker
            .DefineFunction("env", "scale", (Func<int, double, double>)((count, factor) => count * factor))
            .DefineFunction("env", "log", (Action<long>)logged.Add));

        Assert.Equal(3.5, instance.GetFunction("run")!.Invoke([Value.FromI32(7)])[0].AsF64());
        Assert.Equal([7L], logged);
    }

    [Fact]
    public void GuestCallsIntoTypedHostFunctionsDoNotAllocate()
    {
        var instance = Wat.Instantiate(CallsHost, link: linker => linker
            .DefineFunction("env", "scale", (Func<int, double, double>)((count, factor) => count * factor))
            .DefineFunction("env", "log", (Action<long>)(_ => { })));
        var loop = instance.GetFunction("loop")!.AsDelegate<Func<int, double>>();
        Assert.Equal(5050, loop(100));

        var results = new List<double>(QuietRounds); // sized up front so recording a result allocates nothing
        Assert.Equal(0, FewestBytesAllocated(() => results.Add(loop(1000))));
        Assert.All(results, result => Assert.Equal(500500, result));
    }

    [Fact]
    public void TypedHostExceptionsReachTheCallerAsHostFunctionTraps()
    {
        var failure = new InvalidOperationException("host says no");
        var instance = Wat.Instantiate(CallsHost, link: linker => linker
            .DefineFunction("env", "scale", (Func<int, double, double>)((_, _) => throw failure))
            .DefineFunction("env", "log", (Action<long>)(_ => { })));

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.AsDelegate<Func<int, double>>()(1));
        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Same(failure, trap.InnerException);
    }

    [Fact]
    public void InstanceFromExplicitImportsTakesHostFunctionsAndOtherInstancesExports()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var provider = Wat.Instantiate("""
            (module (memory (export "mem") 1) (global (export "base") i32 (i32.const 40))
              (table (export "tab") 1 funcref) (func $two (result i32) i32.const 2) (elem (i32.const 0) $two))
            """, engine, store: store);
        var consumer = Module.FromBytes(engine, Wat.ToWasm("""
            (module
              (import "host" "triple" (func $triple (param i32) (result i32)))
              (import "p" "mem" (memory 1)) (import "p" "base" (global $base i32)) (import "p" "tab" (table 1 funcref))
              (type $t (func (result i32)))
              (func (export "run") (result i32)
                (i32.store (i32.const 0) (call $triple (global.get $base)))
                (i32.add (i32.load (i32.const 0)) (call_indirect (type $t) (i32.const 0)))))
            """));
        var triple = Function.FromDelegate((Func<int, int>)(value => value * 3));

        var instance = Instance.Create(store, consumer,
            [triple, provider.GetMemory("mem")!, provider.GetGlobal("base")!, provider.GetTable("tab")!]);

        Assert.Equal(122, instance.GetFunction("run")!.AsDelegate<Func<int>>()());
        Assert.Equal(120, provider.GetMemory("mem")!.ReadInt32(0));
        Assert.Equal(9, triple.AsDelegate<Func<int, int>>()(3));
        Assert.Equal(12, triple.Invoke([Value.FromI32(4)])[0].AsI32());
    }

    [Fact]
    public void ExplicitImportsAreCheckedInOrderAndCount()
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, Wat.ToWasm("""(module (import "host" "f" (func (param i32))))"""));
        var store = new Store(engine);
        Assert.Throws<LinkException>(() => Instance.Create(store, module, []));
        var mismatch = Assert.Throws<LinkException>(() => Instance.Create(store, module, [Function.FromDelegate((Action<long>)(_ => { }))]));
        Assert.Contains("i64", mismatch.Message);
        Instance.Create(store, module, [Function.FromDelegate((Action<int>)(_ => { }))]);
    }

    [Fact]
    public void DelegatesWithUnmappableTypesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Function.FromDelegate((Func<string, int>)(text => text.Length)));
        Assert.Contains("String", error.Message);
    }
}
