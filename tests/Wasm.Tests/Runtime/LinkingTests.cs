namespace WitSharp.Wasm.Tests.Runtime;

public class LinkingTests
{
    [Fact]
    public void HostFunctionIsCalledWithArgumentsAndResults()
    {
        var instance = Wat.Instantiate("""
            (module (import "env" "mul" (func $mul (param i32 i32) (result i32)))
              (func (export "square") (param i32) (result i32) (call $mul (local.get 0) (local.get 0))))
            """, link: linker => linker.DefineFunction("env", "mul", new FunctionType([ValueType.I32, ValueType.I32], [ValueType.I32]),
            (arguments, results) => results[0] = Value.FromI32(arguments[0].AsI32() * arguments[1].AsI32())));
        Assert.Equal(49, instance.GetFunction("square")!.Invoke([Value.FromI32(7)])[0].AsI32());
    }

    [Fact]
    public void MultiValueFunctionsReturnEveryResult()
    {
        var instance = Wat.Instantiate("""
            (module
              (func $swap (param i32 i64) (result i64 i32) local.get 1 local.get 0)
              (func (export "twice") (param i32 i64) (result i64 i32 i32)
                (call $swap (local.get 0) (local.get 1)) drop (local.get 0)
                (block (param i64 i32) (result i64 i32 i32) (local.get 0)) ))
            """);
        var results = instance.GetFunction("twice")!.Invoke([Value.FromI32(3), Value.FromI64(4)]);
        Assert.Equal(Value.FromI64(4), results[0]);
        Assert.Equal(Value.FromI32(3), results[1]);
        Assert.Equal(Value.FromI32(3), results[2]);
    }

    [Fact]
    public void InstancesShareMemoriesGlobalsAndTables()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var provider = Wat.Instantiate("""
            (module (memory (export "mem") 1) (global (export "counter") (mut i32) (i32.const 5))
              (table (export "tab") 1 funcref) (func $seven (result i32) i32.const 7) (elem (i32.const 0) $seven))
            """, engine, store: store);
        var consumer = Wat.Instantiate("""
            (module (import "p" "mem" (memory 1)) (import "p" "counter" (global $c (mut i32))) (import "p" "tab" (table 1 funcref))
              (type $t (func (result i32)))
              (func (export "run") (result i32)
                (i32.store (i32.const 8) (i32.const 99))
                (global.set $c (i32.add (global.get $c) (i32.const 1)))
                (call_indirect (type $t) (i32.const 0))))
            """, engine, linker => linker.DefineInstance("p", provider), store);
        Assert.Equal(7, consumer.GetFunction("run")!.Invoke([])[0].AsI32());
        Assert.Equal(99, provider.GetMemory("mem")!.ReadInt32(8));
        Assert.Equal(6, provider.GetGlobal("counter")!.Get().AsI32());
    }

    [Fact]
    public void IndirectCallTypeMismatchTraps()
    {
        var instance = Wat.Instantiate("""
            (module (type $t (func (result i32))) (func $f (param i32)) (table funcref (elem $f))
              (func (export "run") (result i32) (call_indirect (type $t) (i32.const 0))))
            """);
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke([])).Kind);
    }

    [Fact]
    public void IncompatibleImportNamesBothTypes()
    {
        var engine = new Engine();
        var error = Assert.Throws<LinkException>(() => Wat.Instantiate("""(module (import "env" "f" (func (param i32))))""", engine,
            linker => linker.DefineFunction("env", "f", new FunctionType([ValueType.I64], []), (_, _) => { })));
        Assert.Contains("i32", error.Message);
        Assert.Contains("i64", error.Message);
    }
}
