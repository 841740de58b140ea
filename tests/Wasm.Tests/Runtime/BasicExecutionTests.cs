namespace WitSharp.Wasm.Tests.Runtime;

public class BasicExecutionTests
{
    [Fact]
    public void AddsTwoIntegers()
    {
        var instance = Wat.Instantiate("""(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))""");
        var result = instance.GetFunction("add")!.Invoke([Value.FromI32(40), Value.FromI32(2)]);
        Assert.Equal(42, result[0].AsI32());
    }

    [Fact]
    public void LoopComputesFactorialRecursivelyAndIteratively()
    {
        var instance = Wat.Instantiate("""
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
              (func (export "fac_loop") (param i32) (result i64) (local i64)
                (local.set 1 (i64.const 1))
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (local.set 1 (i64.mul (local.get 1) (i64.extend_i32_u (local.get 0))))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br $next)))
                (local.get 1)))
            """);
        Assert.Equal(2432902008176640000L, instance.GetFunction("fac")!.Invoke([Value.FromI64(20)])[0].AsI64());
        Assert.Equal(2432902008176640000L, instance.GetFunction("fac_loop")!.Invoke([Value.FromI32(20)])[0].AsI64());
    }

    [Fact]
    public void DivisionByZeroTraps()
    {
        var instance = Wat.Instantiate("""(module (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))""");
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("div")!.Invoke([Value.FromI32(1), Value.FromI32(0)]));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal("integer divide by zero", trap.Message);
    }
}

public class TypedFunctionTests
{
    [Fact]
    public void TypedHandleKeepsCompiledCodeAliveAfterInstanceIsDropped()
    {
        // The handle holds a raw pointer into a collectible assembly; if nothing kept the assembly alive, this call
        // would jump into freed code and kill the process.
        var add = MakeDetachedAdd();
        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(42, add.Invoke(40, 2));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static TypedFunction<int, int, int> MakeDetachedAdd() =>
        Wat.Instantiate("""(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))""")
            .GetFunction<int, int, int>("add");

    [Fact]
    public void TypedHandleCallsWithoutAllocating()
    {
        var instance = Wat.Instantiate("""(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))""");
        var add = instance.GetFunction<int, int, int>("add");
        for (var i = 0; i < 1000; i++)
        {
            add.Invoke(i, 1);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            sum = add.Invoke(sum, 1);
        }

        Assert.Equal(1000, sum);
        // Any per-call allocation would cost at least 24 bytes per call; the runtime's own background bookkeeping (tiering) stays far below that.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 999);
    }

    [Fact]
    public void TypedHandleRejectsAWrongSignature()
    {
        var instance = Wat.Instantiate("""(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))""");
        Assert.Equal("export 'add' has type (i32, i32) -> (i32), not (i64, i32) -> (i32)",
            Assert.Throws<ArgumentException>(() => instance.GetFunction<long, int, int>("add")).Message);
        Assert.Equal("no function export 'sub'", Assert.Throws<ArgumentException>(() => instance.GetFunction<int, int, int>("sub")).Message);

        var add = instance.GetFunction("add")!;
        Assert.Equal("function has type (i32, i32) -> (i32), but TypedAction<Int32, Int32> calls it as (i32, i32) -> ()",
            Assert.Throws<ArgumentException>(() => add.AsTyped<TypedAction<int, int>>()).Message);
        Assert.Equal("String is not a wasm number type (int, long, float, double, Vector128<byte>)",
            Assert.Throws<ArgumentException>(() => add.AsTyped<TypedFunction<string, int, int>>()).Message);
        Assert.Equal("TypedHandle is not a typed handle type", Assert.Throws<ArgumentException>(() => add.AsTyped<TypedHandle>()).Message);
    }

    private const string EveryArity = """
        (module
          (global $last (export "last") (mut f64) (f64.const 0))
          (func (export "none") (global.set $last (f64.const -1)))
          (func (export "one") (param i32) (global.set $last (f64.convert_i32_s (local.get 0))))
          (func (export "two") (param i32 i64) (global.set $last (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))))
          (func (export "three") (param i32 i64 f32) (global.set $last (f64.promote_f32 (local.get 2))))
          (func (export "four") (param i32 i64 f32 f64) (global.set $last (local.get 3)))
          (func (export "answer") (result i64) (i64.const 42))
          (func (export "negate") (param f32) (result f32) (f32.neg (local.get 0)))
          (func (export "sum4") (param i32 i64 f32 f64) (result f64)
            (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
                     (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
          (func (export "div3") (param i32 i32 i32) (result i32) (i32.div_s (i32.div_s (local.get 0) (local.get 1)) (local.get 2))))
        """;

    [Fact]
    public void TypedHandlesOfEveryArityPassArgumentsAndResults()
    {
        var instance = Wat.Instantiate(EveryArity);
        double Last() => instance.GetGlobal("last")!.Get().AsF64();

        instance.GetFunction("none")!.AsTyped<TypedAction>().Invoke();
        Assert.Equal(-1, Last());
        instance.GetFunction("one")!.AsTyped<TypedAction<int>>().Invoke(7);
        Assert.Equal(7, Last());
        instance.GetFunction("two")!.AsTyped<TypedAction<int, long>>().Invoke(1, 1L << 40);
        Assert.Equal(1 + (double)(1L << 40), Last());
        instance.GetFunction("three")!.AsTyped<TypedAction<int, long, float>>().Invoke(0, 0, 2.5f);
        Assert.Equal(2.5, Last());
        instance.GetFunction("four")!.AsTyped<TypedAction<int, long, float, double>>().Invoke(0, 0, 0, 1e300);
        Assert.Equal(1e300, Last());

        Assert.Equal(42L, instance.GetFunction("answer")!.AsTyped<TypedFunction<long>>().Invoke());
        Assert.Equal(-1.5f, instance.GetFunction("negate")!.AsTyped<TypedFunction<float, float>>().Invoke(1.5f));
        Assert.Equal(10.5, instance.GetFunction("sum4")!.AsTyped<TypedFunction<int, long, float, double, double>>().Invoke(1, 2, 3.5f, 4));
        var divide = instance.GetFunction("div3")!.AsTyped<TypedFunction<int, int, int, int>>();
        Assert.Equal(5, divide.Invoke(100, 4, 5));

        var trap = Assert.Throws<TrapException>(() => divide.Invoke(1, 0, 1));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Same(trap, TrapException.TakeMostRecentOnCurrentThread());
        Assert.Null(TrapException.TakeMostRecentOnCurrentThread());
    }

    [Fact]
    public void TypedHandleOfALeafPollsTheInterrupt()
    {
        var store = new Store(new Engine());
        var negate = Wat.Instantiate(EveryArity, store: store).GetFunction("negate")!.AsTyped<TypedFunction<float, float>>();

        store.Interrupt();
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => negate.Invoke(1)).Kind);
        store.ClearInterrupt();

        Assert.Equal(-1f, negate.Invoke(1));
    }

    [Fact]
    public void TypedHandleOfACallingFunctionTrapsOnDeepRecursion_AndRestoresTheCallDepth()
    {
        var store = new Store(new Engine(new EngineConfig { MaxCallDepth = 500 }));
        var instance = Wat.Instantiate("""
            (module
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
            """, store: store);
        var down = instance.GetFunction("down")!.AsTyped<TypedFunction<int, int>>();

        Assert.Equal(TrapKind.StackExhausted, Assert.Throws<TrapException>(() => down.Invoke(100_000)).Kind);

        // A depth left behind by the trap would make this call, well within the limit, exhaust the stack too.
        Assert.Equal(450, down.Invoke(450));
    }

    [Fact]
    public void TypedHandleOfAHostFunctionCallsIt_AndTurnsItsFailureIntoATrap()
    {
        var host = Function.FromDelegate(new Func<int, int, int>((a, b) => b == 0 ? throw new InvalidOperationException("no zero") : a / b));
        var divide = host.AsTyped<TypedFunction<int, int, int>>();

        Assert.Equal(4, divide.Invoke(12, 3));
        var trap = Assert.Throws<TrapException>(() => divide.Invoke(1, 0));
        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Equal("no zero", trap.InnerException!.Message);
    }
}
