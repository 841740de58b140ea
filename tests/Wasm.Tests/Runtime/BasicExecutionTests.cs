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
        Assert.Throws<ArgumentException>(() => instance.GetFunction<long, int, int>("add"));
    }
}
