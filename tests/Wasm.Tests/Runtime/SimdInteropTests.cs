using System.Runtime.Intrinsics;

namespace WitSharp.Wasm.Tests.Runtime;

public class SimdInteropTests
{
    private const string Vectors = """
        (module
          (import "env" "twice" (func $twice (param v128) (result v128)))
          (import "env" "g" (global $g (mut v128)))
          (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
          (func (export "lane") (param v128 i32) (result v128) (i32x4.replace_lane 3 (local.get 0) (local.get 1)))
          (func (export "split") (param v128) (result i64 v128 i64)
            (i64x2.extract_lane 0 (local.get 0)) (local.get 0) (i64x2.extract_lane 1 (local.get 0)))
          (func (export "via-host") (param v128) (result v128) (call $twice (local.get 0)))
          (func (export "bump-global") (global.set $g (i8x16.add (global.get $g) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))))
        """;

    private static readonly Vector128<byte> Counting = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    private static Instance Instantiate(Global global) => Wat.Instantiate(Vectors, link: linker => linker
        .DefineFunction("env", "twice", (Func<Vector128<byte>, Vector128<byte>>)(value => value + value))
        .Define("env", "g", global));

    private static Global NewGlobal() => new(new GlobalType(ValueType.V128, true), Value.FromV128(Vector128<byte>.Zero));

    [Fact]
    public void ValuesKeepAllSixteenBytes()
    {
        var value = Value.FromV128(Counting);
        Assert.Equal(ValueType.V128, value.Type);
        Assert.Equal(Counting, value.AsV128());
        Assert.Equal(0x0706050403020100UL, value.Bits);
        Assert.Equal("v128:0x0f0e0d0c0b0a09080706050403020100", value.ToString());
        Assert.NotEqual(value, Value.FromV128(Counting.WithElement(15, (byte)16)));
        Assert.Equal(Vector128<byte>.Zero, Value.Default(ValueType.V128).AsV128());
        Assert.Equal("v128", ValueType.V128.ToWatName());
    }

    [Fact]
    public void UntypedCallsPassAndReturnVectorsIncludingMultipleResults()
    {
        var instance = Instantiate(NewGlobal());
        var sum = instance.GetFunction("add")!.Invoke([Value.FromV128(Counting), Value.FromV128(Vector128.Create(1, 2, 3, -1).AsByte())]);
        Assert.Equal(Vector128.Create(0x03020101, 0x07060506, 0x0B0A090B, 0x0F0E0D0B).AsByte(), sum[0].AsV128());

        var split = instance.GetFunction("split")!.Invoke([Value.FromV128(Counting)]);
        Assert.Equal(0x0706050403020100L, split[0].AsI64());
        Assert.Equal(Counting, split[1].AsV128());
        Assert.Equal(0x0F0E0D0C0B0A0908L, split[2].AsI64());
    }

    [Fact]
    public void TypedHandlesAndDelegatesUseVector128OfBytes()
    {
        var instance = Instantiate(NewGlobal());
        var add = instance.GetFunction("add")!.AsTyped<TypedFunction<Vector128<byte>, Vector128<byte>, Vector128<byte>>>();
        Assert.Equal(Vector128.Create(3, 5, 7, 9).AsByte(), add.Invoke(Vector128.Create(1, 2, 3, 4).AsByte(), Vector128.Create(2, 3, 4, 5).AsByte()));

        var lane = instance.GetFunction("lane")!.AsDelegate<Func<Vector128<byte>, int, Vector128<byte>>>();
        Assert.Equal(Vector128.Create(1, 2, 3, -7).AsByte(), lane(Vector128.Create(1, 2, 3, 4).AsByte(), -7));

        Assert.Throws<ArgumentException>(() => instance.GetFunction("add")!.AsTyped<TypedFunction<Vector128<int>, Vector128<int>, Vector128<int>>>());
    }

    [Fact]
    public void GuestsCallTypedHostFunctionsAndShareVectorGlobals()
    {
        var global = NewGlobal();
        var instance = Instantiate(global);
        Assert.Equal(Counting + Counting, instance.GetFunction("via-host")!.Invoke([Value.FromV128(Counting)])[0].AsV128());

        global.Set(Value.FromV128(Counting));
        instance.GetFunction("bump-global")!.Invoke([]);
        Assert.Equal(Counting + Vector128<byte>.One, global.Get().AsV128());
        Assert.Throws<ArgumentException>(() => global.Set(Value.FromI64(1)));
    }
}
