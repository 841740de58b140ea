using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>
/// The fixed-width SIMD instructions, one helper per instruction named after it (see
/// <see cref="SimdInstruction.HelperName"/>). A v128 is a <see cref="Vector128{T}"/> of bytes; lane 0 lies in the lowest
/// bytes, as in wasm's little-endian memory. Portable <see cref="Vector128"/> operations serve where their result is
/// exactly wasm's on every platform (integer arithmetic, bitwise operations, ordered comparisons, IEEE add/sub/mul/div
/// and sqrt); lane loops serve where wasm's semantics are subtle (saturation, NaN and signed-zero rules, rounding,
/// out-of-range indices). Operands come in wasm stack order, immediates and memory after them, like <see cref="Ops"/>.
/// </summary>
internal static class SimdOps
{
    // ---- plumbing ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Const(long low, long high) => Vector128.Create(low, high).AsByte();

    public static Vector128<byte> GlobalGet(Global global) => Vector128.Create(global.Bits, global.HighBits).AsByte();

    public static void GlobalSet(Global global, Vector128<byte> value)
    {
        global.Bits = value.AsInt64().GetElement(0);
        global.HighBits = value.AsInt64().GetElement(1);
    }

    /// <summary>Applies <paramref name="operation"/> to each lane.</summary>
    private static Vector128<byte> Lanes<T>(Vector128<byte> a, Func<T, T> operation)
        where T : unmanaged
    {
        var x = a.As<byte, T>();
        Span<T> result = stackalloc T[Vector128<T>.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = operation(x[i]);
        }

        return Vector128.Create<T>(result).As<T, byte>();
    }

    /// <summary>Applies <paramref name="operation"/> to each pair of lanes.</summary>
    private static Vector128<byte> Lanes<T>(Vector128<byte> a, Vector128<byte> b, Func<T, T, T> operation)
        where T : unmanaged
    {
        var x = a.As<byte, T>();
        var y = b.As<byte, T>();
        Span<T> result = stackalloc T[Vector128<T>.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = operation(x[i], y[i]);
        }

        return Vector128.Create<T>(result).As<T, byte>();
    }

    // ---- memory ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Read<T>(int address, long offset, nint memoryBase, ulong length)
        where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Ops.Address(address, offset, Unsafe.SizeOf<T>(), memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<T>(int address, T value, long offset, nint memoryBase, ulong length)
        where T : unmanaged => Unsafe.WriteUnaligned(ref Ops.Address(address, offset, Unsafe.SizeOf<T>(), memoryBase, length), value);

    /// <summary>The 8 bytes at the address as the low half of a vector (the input of the extending loads).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ReadHalf(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.CreateScalar(Read<ulong>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load(int address, long offset, nint memoryBase, ulong length) => Read<Vector128<byte>>(address, offset, memoryBase, length);

    public static Vector128<byte> V128Load8x8S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsSByte()).AsByte();

    public static Vector128<byte> V128Load8x8U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load16x4S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsInt16()).AsByte();

    public static Vector128<byte> V128Load16x4U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsUInt16()).AsByte();

    public static Vector128<byte> V128Load32x2S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsInt32()).AsByte();

    public static Vector128<byte> V128Load32x2U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsUInt32()).AsByte();

    public static Vector128<byte> V128Load8Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<byte>(address, offset, memoryBase, length));

    public static Vector128<byte> V128Load16Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<ushort>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load32Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<uint>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load64Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<ulong>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load32Zero(int address, long offset, nint memoryBase, ulong length) => Vector128.CreateScalar(Read<uint>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load64Zero(int address, long offset, nint memoryBase, ulong length) => Vector128.CreateScalar(Read<ulong>(address, offset, memoryBase, length)).AsByte();

    public static void V128Store(int address, Vector128<byte> value, long offset, nint memoryBase, ulong length) => Write(address, value, offset, memoryBase, length);

    public static Vector128<byte> V128Load8Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.WithElement(lane, Read<byte>(address, offset, memoryBase, length));

    public static Vector128<byte> V128Load16Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt16().WithElement(lane, Read<ushort>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load32Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt32().WithElement(lane, Read<uint>(address, offset, memoryBase, length)).AsByte();

    public static Vector128<byte> V128Load64Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt64().WithElement(lane, Read<ulong>(address, offset, memoryBase, length)).AsByte();

    public static void V128Store8Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.GetElement(lane), offset, memoryBase, length);

    public static void V128Store16Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt16().GetElement(lane), offset, memoryBase, length);

    public static void V128Store32Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt32().GetElement(lane), offset, memoryBase, length);

    public static void V128Store64Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt64().GetElement(lane), offset, memoryBase, length);

    // ---- lanes: splat, extract, replace, shuffle, swizzle ----

    public static Vector128<byte> I8x16Splat(int value) => Vector128.Create((byte)value);

    public static Vector128<byte> I16x8Splat(int value) => Vector128.Create((ushort)value).AsByte();

    public static Vector128<byte> I32x4Splat(int value) => Vector128.Create(value).AsByte();

    public static Vector128<byte> I64x2Splat(long value) => Vector128.Create(value).AsByte();

    public static Vector128<byte> F32x4Splat(float value) => Vector128.Create(value).AsByte();

    public static Vector128<byte> F64x2Splat(double value) => Vector128.Create(value).AsByte();

    public static int I8x16ExtractLaneS(Vector128<byte> vector, int lane) => vector.AsSByte().GetElement(lane);

    public static int I8x16ExtractLaneU(Vector128<byte> vector, int lane) => vector.GetElement(lane);

    public static int I16x8ExtractLaneS(Vector128<byte> vector, int lane) => vector.AsInt16().GetElement(lane);

    public static int I16x8ExtractLaneU(Vector128<byte> vector, int lane) => vector.AsUInt16().GetElement(lane);

    public static int I32x4ExtractLane(Vector128<byte> vector, int lane) => vector.AsInt32().GetElement(lane);

    public static long I64x2ExtractLane(Vector128<byte> vector, int lane) => vector.AsInt64().GetElement(lane);

    public static float F32x4ExtractLane(Vector128<byte> vector, int lane) => vector.AsSingle().GetElement(lane);

    public static double F64x2ExtractLane(Vector128<byte> vector, int lane) => vector.AsDouble().GetElement(lane);

    public static Vector128<byte> I8x16ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.WithElement(lane, (byte)value);

    public static Vector128<byte> I16x8ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.AsUInt16().WithElement(lane, (ushort)value).AsByte();

    public static Vector128<byte> I32x4ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.AsInt32().WithElement(lane, value).AsByte();

    public static Vector128<byte> I64x2ReplaceLane(Vector128<byte> vector, long value, int lane) => vector.AsInt64().WithElement(lane, value).AsByte();

    public static Vector128<byte> F32x4ReplaceLane(Vector128<byte> vector, float value, int lane) => vector.AsSingle().WithElement(lane, value).AsByte();

    public static Vector128<byte> F64x2ReplaceLane(Vector128<byte> vector, double value, int lane) => vector.AsDouble().WithElement(lane, value).AsByte();

    /// <summary>Lane i of the result is lane <c>lanes[i]</c> of the 32 lanes of a then b (the validator checked every index is below 32).</summary>
    public static Vector128<byte> I8x16Shuffle(Vector128<byte> a, Vector128<byte> b, Vector128<byte> lanes)
    {
        Span<byte> result = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            var index = lanes[i];
            result[i] = index < 16 ? a[index] : b[index - 16];
        }

        return Vector128.Create<byte>(result);
    }

    /// <summary>Lane i of the result is lane <c>indices[i]</c> of a, or zero when that index is 16 or more.</summary>
    public static Vector128<byte> I8x16Swizzle(Vector128<byte> a, Vector128<byte> indices)
    {
        Span<byte> result = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            var index = indices[i];
            result[i] = index < 16 ? a[index] : (byte)0;
        }

        return Vector128.Create<byte>(result);
    }

    // ---- bitwise ----

    public static Vector128<byte> V128Not(Vector128<byte> a) => ~a;

    public static Vector128<byte> V128And(Vector128<byte> a, Vector128<byte> b) => a & b;

    public static Vector128<byte> V128Andnot(Vector128<byte> a, Vector128<byte> b) => Vector128.AndNot(a, b);

    public static Vector128<byte> V128Or(Vector128<byte> a, Vector128<byte> b) => a | b;

    public static Vector128<byte> V128Xor(Vector128<byte> a, Vector128<byte> b) => a ^ b;

    /// <summary>Bits of a where the mask is set, of b elsewhere.</summary>
    public static Vector128<byte> V128Bitselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> mask) => (a & mask) | Vector128.AndNot(b, mask);

    public static int V128AnyTrue(Vector128<byte> a) => a != Vector128<byte>.Zero ? 1 : 0;

    // ---- tests ----

    public static int I8x16AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a, Vector128<byte>.Zero) ? 0 : 1;

    public static int I16x8AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;

    public static int I32x4AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;

    public static int I64x2AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;

    public static int I8x16Bitmask(Vector128<byte> a) => (int)a.ExtractMostSignificantBits();

    public static int I16x8Bitmask(Vector128<byte> a) => (int)a.AsUInt16().ExtractMostSignificantBits();

    public static int I32x4Bitmask(Vector128<byte> a) => (int)a.AsUInt32().ExtractMostSignificantBits();

    public static int I64x2Bitmask(Vector128<byte> a) => (int)a.AsUInt64().ExtractMostSignificantBits();

    // ---- integer comparisons (all-ones lanes for true) ----

    public static Vector128<byte> I8x16Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a, b);

    public static Vector128<byte> I8x16Ne(Vector128<byte> a, Vector128<byte> b) => ~Vector128.Equals(a, b);

    public static Vector128<byte> I8x16LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a, b);

    public static Vector128<byte> I8x16GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a, b);

    public static Vector128<byte> I8x16LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a, b);

    public static Vector128<byte> I8x16GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a, b);

    public static Vector128<byte> I16x8Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();

    public static Vector128<byte> I16x8LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I16x8GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I16x8LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I16x8GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();

    public static Vector128<byte> I32x4LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    public static Vector128<byte> I32x4GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    public static Vector128<byte> I32x4LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    public static Vector128<byte> I32x4GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    public static Vector128<byte> I64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();

    public static Vector128<byte> I64x2LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // ---- float comparisons: ordered (false when either lane is NaN), except ne ----

    public static Vector128<byte> F32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();

    public static Vector128<byte> F32x4Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    public static Vector128<byte> F64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();

    public static Vector128<byte> F64x2Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ---- integer arithmetic ----

    public static Vector128<byte> I8x16Abs(Vector128<byte> a) => Vector128.Abs(a.AsSByte()).AsByte();

    public static Vector128<byte> I8x16Neg(Vector128<byte> a) => (-a.AsSByte()).AsByte();

    public static Vector128<byte> I8x16Popcnt(Vector128<byte> a) => Lanes<byte>(a, static x => (byte)BitOperations.PopCount(x));

    public static Vector128<byte> I8x16Add(Vector128<byte> a, Vector128<byte> b) => a + b;

    public static Vector128<byte> I8x16Sub(Vector128<byte> a, Vector128<byte> b) => a - b;

    public static Vector128<byte> I8x16AddSatS(Vector128<byte> a, Vector128<byte> b) => Lanes<sbyte>(a, b, static (x, y) => (sbyte)Math.Clamp(x + y, sbyte.MinValue, sbyte.MaxValue));

    public static Vector128<byte> I8x16AddSatU(Vector128<byte> a, Vector128<byte> b) => Lanes<byte>(a, b, static (x, y) => (byte)Math.Min(x + y, byte.MaxValue));

    public static Vector128<byte> I8x16SubSatS(Vector128<byte> a, Vector128<byte> b) => Lanes<sbyte>(a, b, static (x, y) => (sbyte)Math.Clamp(x - y, sbyte.MinValue, sbyte.MaxValue));

    public static Vector128<byte> I8x16SubSatU(Vector128<byte> a, Vector128<byte> b) => Lanes<byte>(a, b, static (x, y) => (byte)Math.Max(x - y, 0));

    public static Vector128<byte> I8x16MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a, b);

    public static Vector128<byte> I8x16MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();

    public static Vector128<byte> I8x16MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a, b);

    /// <summary>Rounding average: (a + b + 1) / 2 without overflow.</summary>
    public static Vector128<byte> I8x16AvgrU(Vector128<byte> a, Vector128<byte> b) => Lanes<byte>(a, b, static (x, y) => (byte)((x + y + 1) >> 1));

    public static Vector128<byte> I8x16NarrowI16x8S(Vector128<byte> a, Vector128<byte> b) => Narrow<short, sbyte>(a, b, static x => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue));

    public static Vector128<byte> I8x16NarrowI16x8U(Vector128<byte> a, Vector128<byte> b) => Narrow<short, byte>(a, b, static x => (byte)Math.Clamp(x, byte.MinValue, byte.MaxValue));

    public static Vector128<byte> I16x8NarrowI32x4S(Vector128<byte> a, Vector128<byte> b) => Narrow<int, short>(a, b, static x => (short)Math.Clamp(x, short.MinValue, short.MaxValue));

    public static Vector128<byte> I16x8NarrowI32x4U(Vector128<byte> a, Vector128<byte> b) => Narrow<int, ushort>(a, b, static x => (ushort)Math.Clamp(x, ushort.MinValue, ushort.MaxValue));

    /// <summary>The lanes of a then those of b (signed), each saturated into the narrower type.</summary>
    private static Vector128<byte> Narrow<TWide, TNarrow>(Vector128<byte> a, Vector128<byte> b, Func<TWide, TNarrow> saturate)
        where TNarrow : unmanaged
    {
        var x = a.As<byte, TWide>();
        var y = b.As<byte, TWide>();
        var half = Vector128<TWide>.Count;
        Span<TNarrow> result = stackalloc TNarrow[half * 2];
        for (var i = 0; i < half; i++)
        {
            result[i] = saturate(x[i]);
            result[half + i] = saturate(y[i]);
        }

        return Vector128.Create<TNarrow>(result).As<TNarrow, byte>();
    }

    public static Vector128<byte> I16x8Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt16()).AsByte();

    public static Vector128<byte> I16x8Neg(Vector128<byte> a) => (-a.AsInt16()).AsByte();

    public static Vector128<byte> I16x8Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() + b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() - b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() * b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8AddSatS(Vector128<byte> a, Vector128<byte> b) => Lanes<short>(a, b, static (x, y) => (short)Math.Clamp(x + y, short.MinValue, short.MaxValue));

    public static Vector128<byte> I16x8AddSatU(Vector128<byte> a, Vector128<byte> b) => Lanes<ushort>(a, b, static (x, y) => (ushort)Math.Min(x + y, ushort.MaxValue));

    public static Vector128<byte> I16x8SubSatS(Vector128<byte> a, Vector128<byte> b) => Lanes<short>(a, b, static (x, y) => (short)Math.Clamp(x - y, short.MinValue, short.MaxValue));

    public static Vector128<byte> I16x8SubSatU(Vector128<byte> a, Vector128<byte> b) => Lanes<ushort>(a, b, static (x, y) => (ushort)Math.Max(x - y, 0));

    public static Vector128<byte> I16x8MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I16x8MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();

    public static Vector128<byte> I16x8MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();

    public static Vector128<byte> I16x8AvgrU(Vector128<byte> a, Vector128<byte> b) => Lanes<ushort>(a, b, static (x, y) => (ushort)((x + y + 1) >> 1));

    /// <summary>Q15 rounding multiply: (a * b + 2^14) >> 15, saturated (only -32768 * -32768 overflows).</summary>
    public static Vector128<byte> I16x8Q15mulrSatS(Vector128<byte> a, Vector128<byte> b) =>
        Lanes<short>(a, b, static (x, y) => (short)Math.Clamp((x * y + 0x4000) >> 15, short.MinValue, short.MaxValue));

    public static Vector128<byte> I32x4Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt32()).AsByte();

    public static Vector128<byte> I32x4Neg(Vector128<byte> a) => (-a.AsInt32()).AsByte();

    public static Vector128<byte> I32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() + b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() - b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() * b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();

    public static Vector128<byte> I32x4MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();

    public static Vector128<byte> I32x4MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary>Lane i: a[2i] * b[2i] + a[2i+1] * b[2i+1] of the signed 16-bit lanes, wrapping in 32 bits.</summary>
    public static Vector128<byte> I32x4DotI16x8S(Vector128<byte> a, Vector128<byte> b)
    {
        var x = a.AsInt16();
        var y = b.AsInt16();
        Span<int> result = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            result[i] = unchecked((x[2 * i] * y[2 * i]) + (x[(2 * i) + 1] * y[(2 * i) + 1]));
        }

        return Vector128.Create<int>(result).AsByte();
    }

    public static Vector128<byte> I64x2Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt64()).AsByte();

    public static Vector128<byte> I64x2Neg(Vector128<byte> a) => (-a.AsInt64()).AsByte();

    public static Vector128<byte> I64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() + b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() - b.AsInt64()).AsByte();

    public static Vector128<byte> I64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() * b.AsInt64()).AsByte();

    // ---- shifts: the count is taken modulo the lane width ----

    public static Vector128<byte> I8x16Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a, count & 7);

    public static Vector128<byte> I8x16ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();

    public static Vector128<byte> I8x16ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a, count & 7);

    public static Vector128<byte> I16x8Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt16(), count & 15).AsByte();

    public static Vector128<byte> I16x8ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();

    public static Vector128<byte> I16x8ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();

    public static Vector128<byte> I32x4Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt32(), count & 31).AsByte();

    public static Vector128<byte> I32x4ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();

    public static Vector128<byte> I32x4ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();

    public static Vector128<byte> I64x2Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt64(), count & 63).AsByte();

    public static Vector128<byte> I64x2ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();

    public static Vector128<byte> I64x2ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();

    // ---- widening: extend, extmul, extadd_pairwise ----

    public static Vector128<byte> I16x8ExtendLowI8x16S(Vector128<byte> a) => Vector128.WidenLower(a.AsSByte()).AsByte();

    public static Vector128<byte> I16x8ExtendHighI8x16S(Vector128<byte> a) => Vector128.WidenUpper(a.AsSByte()).AsByte();

    public static Vector128<byte> I16x8ExtendLowI8x16U(Vector128<byte> a) => Vector128.WidenLower(a).AsByte();

    public static Vector128<byte> I16x8ExtendHighI8x16U(Vector128<byte> a) => Vector128.WidenUpper(a).AsByte();

    public static Vector128<byte> I32x4ExtendLowI16x8S(Vector128<byte> a) => Vector128.WidenLower(a.AsInt16()).AsByte();

    public static Vector128<byte> I32x4ExtendHighI16x8S(Vector128<byte> a) => Vector128.WidenUpper(a.AsInt16()).AsByte();

    public static Vector128<byte> I32x4ExtendLowI16x8U(Vector128<byte> a) => Vector128.WidenLower(a.AsUInt16()).AsByte();

    public static Vector128<byte> I32x4ExtendHighI16x8U(Vector128<byte> a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();

    public static Vector128<byte> I64x2ExtendLowI32x4S(Vector128<byte> a) => Vector128.WidenLower(a.AsInt32()).AsByte();

    public static Vector128<byte> I64x2ExtendHighI32x4S(Vector128<byte> a) => Vector128.WidenUpper(a.AsInt32()).AsByte();

    public static Vector128<byte> I64x2ExtendLowI32x4U(Vector128<byte> a) => Vector128.WidenLower(a.AsUInt32()).AsByte();

    public static Vector128<byte> I64x2ExtendHighI32x4U(Vector128<byte> a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // The product of two lanes widened to twice their width always fits, so a wrapping multiply of the widened lanes is exact.

    public static Vector128<byte> I16x8ExtmulLowI8x16S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();

    public static Vector128<byte> I16x8ExtmulHighI8x16S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();

    public static Vector128<byte> I16x8ExtmulLowI8x16U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();

    public static Vector128<byte> I16x8ExtmulHighI8x16U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();

    public static Vector128<byte> I32x4ExtmulLowI16x8S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();

    public static Vector128<byte> I32x4ExtmulHighI16x8S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();

    public static Vector128<byte> I32x4ExtmulLowI16x8U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();

    public static Vector128<byte> I32x4ExtmulHighI16x8U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();

    public static Vector128<byte> I64x2ExtmulLowI32x4S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();

    public static Vector128<byte> I64x2ExtmulHighI32x4S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();

    public static Vector128<byte> I64x2ExtmulLowI32x4U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();

    public static Vector128<byte> I64x2ExtmulHighI32x4U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    /// <summary>Lane i: the sum of lanes 2i and 2i+1, widened (the even lanes widened plus the odd lanes widened).</summary>
    public static Vector128<byte> I16x8ExtaddPairwiseI8x16S(Vector128<byte> a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt16(), 8), 8) + Vector128.ShiftRightArithmetic(a.AsInt16(), 8)).AsByte();

    public static Vector128<byte> I16x8ExtaddPairwiseI8x16U(Vector128<byte> a) =>
        ((a.AsUInt16() & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(a.AsUInt16(), 8)).AsByte();

    public static Vector128<byte> I32x4ExtaddPairwiseI16x8S(Vector128<byte> a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt32(), 16), 16) + Vector128.ShiftRightArithmetic(a.AsInt32(), 16)).AsByte();

    public static Vector128<byte> I32x4ExtaddPairwiseI16x8U(Vector128<byte> a) =>
        ((a.AsUInt32() & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(a.AsUInt32(), 16)).AsByte();

    // ---- float arithmetic ----

    private static readonly Vector128<uint> F32SignBits = Vector128.Create(0x8000_0000u);
    private static readonly Vector128<ulong> F64SignBits = Vector128.Create(0x8000_0000_0000_0000ul);

    // abs and neg touch only the sign bit, keeping NaN payloads.

    public static Vector128<byte> F32x4Abs(Vector128<byte> a) => Vector128.AndNot(a.AsUInt32(), F32SignBits).AsByte();

    public static Vector128<byte> F32x4Neg(Vector128<byte> a) => (a.AsUInt32() ^ F32SignBits).AsByte();

    public static Vector128<byte> F64x2Abs(Vector128<byte> a) => Vector128.AndNot(a.AsUInt64(), F64SignBits).AsByte();

    public static Vector128<byte> F64x2Neg(Vector128<byte> a) => (a.AsUInt64() ^ F64SignBits).AsByte();

    public static Vector128<byte> F32x4Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() + b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() - b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() * b.AsSingle()).AsByte();

    public static Vector128<byte> F32x4Div(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() / b.AsSingle()).AsByte();

    public static Vector128<byte> F64x2Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() + b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() - b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() * b.AsDouble()).AsByte();

    public static Vector128<byte> F64x2Div(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() / b.AsDouble()).AsByte();

    // min and max follow the scalar instructions (NaN if either is NaN, -0 below +0); pmin and pmax are b < a ? b : a and a < b ? b : a.

    public static Vector128<byte> F32x4Min(Vector128<byte> a, Vector128<byte> b) => Lanes<float>(a, b, Ops.F32Min);

    public static Vector128<byte> F32x4Max(Vector128<byte> a, Vector128<byte> b) => Lanes<float>(a, b, Ops.F32Max);

    public static Vector128<byte> F32x4Pmin(Vector128<byte> a, Vector128<byte> b) => Lanes<float>(a, b, static (x, y) => y < x ? y : x);

    public static Vector128<byte> F32x4Pmax(Vector128<byte> a, Vector128<byte> b) => Lanes<float>(a, b, static (x, y) => x < y ? y : x);

    public static Vector128<byte> F64x2Min(Vector128<byte> a, Vector128<byte> b) => Lanes<double>(a, b, Ops.F64Min);

    public static Vector128<byte> F64x2Max(Vector128<byte> a, Vector128<byte> b) => Lanes<double>(a, b, Ops.F64Max);

    public static Vector128<byte> F64x2Pmin(Vector128<byte> a, Vector128<byte> b) => Lanes<double>(a, b, static (x, y) => y < x ? y : x);

    public static Vector128<byte> F64x2Pmax(Vector128<byte> a, Vector128<byte> b) => Lanes<double>(a, b, static (x, y) => x < y ? y : x);

    public static Vector128<byte> F32x4Ceil(Vector128<byte> a) => Lanes<float>(a, Ops.F32Ceil);

    public static Vector128<byte> F32x4Floor(Vector128<byte> a) => Lanes<float>(a, Ops.F32Floor);

    public static Vector128<byte> F32x4Trunc(Vector128<byte> a) => Lanes<float>(a, Ops.F32Trunc);

    public static Vector128<byte> F32x4Nearest(Vector128<byte> a) => Lanes<float>(a, Ops.F32Nearest);

    public static Vector128<byte> F64x2Ceil(Vector128<byte> a) => Lanes<double>(a, Ops.F64Ceil);

    public static Vector128<byte> F64x2Floor(Vector128<byte> a) => Lanes<double>(a, Ops.F64Floor);

    public static Vector128<byte> F64x2Trunc(Vector128<byte> a) => Lanes<double>(a, Ops.F64Trunc);

    public static Vector128<byte> F64x2Nearest(Vector128<byte> a) => Lanes<double>(a, Ops.F64Nearest);

    // ---- conversions ----

    public static Vector128<byte> I32x4TruncSatF32x4S(Vector128<byte> a) => Convert4<float, int>(a, Ops.I32TruncSatF32S);

    public static Vector128<byte> I32x4TruncSatF32x4U(Vector128<byte> a) => Convert4<float, int>(a, Ops.I32TruncSatF32U);

    public static Vector128<byte> F32x4ConvertI32x4S(Vector128<byte> a) => Convert4<int, float>(a, static x => x);

    public static Vector128<byte> F32x4ConvertI32x4U(Vector128<byte> a) => Convert4<int, float>(a, Ops.F32ConvertI32U);

    /// <summary>Converts four 32-bit lanes to four 32-bit lanes of another type.</summary>
    private static Vector128<byte> Convert4<TFrom, TTo>(Vector128<byte> a, Func<TFrom, TTo> convert)
    {
        var x = a.As<byte, TFrom>();
        return Vector128.Create<TTo>([convert(x[0]), convert(x[1]), convert(x[2]), convert(x[3])]).As<TTo, byte>();
    }

    public static Vector128<byte> I32x4TruncSatF64x2SZero(Vector128<byte> a) =>
        Vector128.Create(Ops.I32TruncSatF64S(a.AsDouble()[0]), Ops.I32TruncSatF64S(a.AsDouble()[1]), 0, 0).AsByte();

    public static Vector128<byte> I32x4TruncSatF64x2UZero(Vector128<byte> a) =>
        Vector128.Create(Ops.I32TruncSatF64U(a.AsDouble()[0]), Ops.I32TruncSatF64U(a.AsDouble()[1]), 0, 0).AsByte();

    public static Vector128<byte> F64x2ConvertLowI32x4S(Vector128<byte> a) => Vector128.Create((double)a.AsInt32()[0], a.AsInt32()[1]).AsByte();

    public static Vector128<byte> F64x2ConvertLowI32x4U(Vector128<byte> a) => Vector128.Create((double)a.AsUInt32()[0], a.AsUInt32()[1]).AsByte();

    public static Vector128<byte> F32x4DemoteF64x2Zero(Vector128<byte> a) => Vector128.Create((float)a.AsDouble()[0], (float)a.AsDouble()[1], 0f, 0f).AsByte();

    public static Vector128<byte> F64x2PromoteLowF32x4(Vector128<byte> a) => Vector128.Create(Ops.F64PromoteF32(a.AsSingle()[0]), Ops.F64PromoteF32(a.AsSingle()[1])).AsByte();
}
