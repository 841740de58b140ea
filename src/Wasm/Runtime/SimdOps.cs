using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>
/// The fixed-width SIMD instructions, one helper per instruction named after it (see
/// <see cref="SimdInstruction.HelperName"/>). A v128 is a <see cref="Vector128{T}"/> of bytes; lane 0 lies in the lowest
/// bytes, as in wasm's little-endian memory. Each helper is built from portable <see cref="Vector128"/> operations whose
/// results are defined exactly on every platform (no *Native variants), with float operands the JIT could fold hidden
/// as the scalar helpers hide them (<see cref="Ops.OpaqueVector"/>); where wasm's rule differs from the obvious
/// operation (float min/max, saturating narrows, rounding multiply, out-of-range shuffle indices) the comments say how
/// it is met, and the float-to-integer conversions go lane by lane through the scalar instructions' helpers.
/// Operands come in wasm stack order, immediates and memory after them, like <see cref="Ops"/>.
/// </summary>
internal static class SimdOps
{
    // ---- plumbing ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Const(long low, long high) => Vector128.Create(low, high).AsByte();

    public static Vector128<byte> GlobalGet(Global global) => global.V128;

    public static void GlobalSet(Global global, Vector128<byte> value) => global.V128 = value;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load(int address, long offset, nint memoryBase, ulong length) => Read<Vector128<byte>>(address, offset, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load8x8S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load8x8U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load16x4S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load16x4U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load32x2S(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load32x2U(int address, long offset, nint memoryBase, ulong length) =>
        Vector128.WidenLower(ReadHalf(address, offset, memoryBase, length).AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load8Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<byte>(address, offset, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load16Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<ushort>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load32Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<uint>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load64Splat(int address, long offset, nint memoryBase, ulong length) => Vector128.Create(Read<ulong>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load32Zero(int address, long offset, nint memoryBase, ulong length) => Vector128.CreateScalar(Read<uint>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load64Zero(int address, long offset, nint memoryBase, ulong length) => Vector128.CreateScalar(Read<ulong>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store(int address, Vector128<byte> value, long offset, nint memoryBase, ulong length) => Write(address, value, offset, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load8Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.WithElement(lane, Read<byte>(address, offset, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load16Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt16().WithElement(lane, Read<ushort>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load32Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt32().WithElement(lane, Read<uint>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Load64Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        vector.AsUInt64().WithElement(lane, Read<ulong>(address, offset, memoryBase, length)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store8Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.GetElement(lane), offset, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store16Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt16().GetElement(lane), offset, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store32Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt32().GetElement(lane), offset, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store64Lane(int address, Vector128<byte> vector, int lane, long offset, nint memoryBase, ulong length) =>
        Write(address, vector.AsUInt64().GetElement(lane), offset, memoryBase, length);

    // ---- lanes: splat, extract, replace, shuffle, swizzle ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Splat(int value) => Vector128.Create((byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Splat(int value) => Vector128.Create((ushort)value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Splat(int value) => Vector128.Create(value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Splat(long value) => Vector128.Create(value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Splat(float value) => Vector128.Create(value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Splat(double value) => Vector128.Create(value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneS(Vector128<byte> vector, int lane) => vector.AsSByte().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneU(Vector128<byte> vector, int lane) => vector.GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneS(Vector128<byte> vector, int lane) => vector.AsInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneU(Vector128<byte> vector, int lane) => vector.AsUInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4ExtractLane(Vector128<byte> vector, int lane) => vector.AsInt32().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64x2ExtractLane(Vector128<byte> vector, int lane) => vector.AsInt64().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32x4ExtractLane(Vector128<byte> vector, int lane) => Ops.F32OpaqueConstant(vector.AsInt32().GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64x2ExtractLane(Vector128<byte> vector, int lane) => vector.AsDouble().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.WithElement(lane, (byte)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.AsUInt16().WithElement(lane, (ushort)value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ReplaceLane(Vector128<byte> vector, int value, int lane) => vector.AsInt32().WithElement(lane, value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ReplaceLane(Vector128<byte> vector, long value, int lane) => vector.AsInt64().WithElement(lane, value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4ReplaceLane(Vector128<byte> vector, float value, int lane) => vector.AsSingle().WithElement(lane, value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2ReplaceLane(Vector128<byte> vector, double value, int lane) => vector.AsDouble().WithElement(lane, value).AsByte();

    // Vector128.Shuffle yields zero for an index of 16 or more (unlike ShuffleNative), exactly swizzle's rule.

    /// <summary>Lane i of the result is lane <c>lanes[i]</c> of the 32 lanes of a then b (the validator checked every
    /// index is below 32): an index below 16 selects from a and, less 16, wraps to 240 or more, which selects nothing from b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Shuffle(Vector128<byte> a, Vector128<byte> b, Vector128<byte> lanes) =>
        Vector128.Shuffle(a, lanes) | Vector128.Shuffle(b, lanes - Vector128.Create((byte)16));

    /// <summary>Lane i of the result is lane <c>indices[i]</c> of a, or zero when that index is 16 or more.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Swizzle(Vector128<byte> a, Vector128<byte> indices) => Vector128.Shuffle(a, indices);

    // ---- bitwise ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Not(Vector128<byte> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128And(Vector128<byte> a, Vector128<byte> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Andnot(Vector128<byte> a, Vector128<byte> b) => Vector128.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Or(Vector128<byte> a, Vector128<byte> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Xor(Vector128<byte> a, Vector128<byte> b) => a ^ b;

    /// <summary>Bits of a where the mask is set, of b elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> V128Bitselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> mask) => (a & mask) | Vector128.AndNot(b, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int V128AnyTrue(Vector128<byte> a) => a != Vector128<byte>.Zero ? 1 : 0;

    // ---- tests ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a, Vector128<byte>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2AllTrue(Vector128<byte> a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16Bitmask(Vector128<byte> a) => (int)a.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8Bitmask(Vector128<byte> a) => (int)a.AsUInt16().ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4Bitmask(Vector128<byte> a) => (int)a.AsUInt32().ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2Bitmask(Vector128<byte> a) => (int)a.AsUInt64().ExtractMostSignificantBits();

    // ---- integer comparisons (all-ones lanes for true) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Ne(Vector128<byte> a, Vector128<byte> b) => ~Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4LtU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4GtU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4LeU(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4GeU(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2LtS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2GtS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2LeS(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2GeS(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // ---- float comparisons: ordered (false when either lane is NaN), except ne ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Eq(Vector128<byte> a, Vector128<byte> b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Ne(Vector128<byte> a, Vector128<byte> b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Lt(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Gt(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Le(Vector128<byte> a, Vector128<byte> b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Ge(Vector128<byte> a, Vector128<byte> b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ---- integer arithmetic ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Abs(Vector128<byte> a) => Vector128.Abs(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Neg(Vector128<byte> a) => (-a.AsSByte()).AsByte();

    /// <summary>The bit counts of 0 to 15, looked up for each half of every byte.</summary>
    private static readonly Vector128<byte> NibbleBitCounts = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Popcnt(Vector128<byte> a) =>
        Vector128.Shuffle(NibbleBitCounts, a & Vector128.Create((byte)0x0F)) + Vector128.Shuffle(NibbleBitCounts, Vector128.ShiftRightLogical(a, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Add(Vector128<byte> a, Vector128<byte> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Sub(Vector128<byte> a, Vector128<byte> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16AddSatS(Vector128<byte> a, Vector128<byte> b) => Vector128.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16AddSatU(Vector128<byte> a, Vector128<byte> b) => Vector128.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16SubSatS(Vector128<byte> a, Vector128<byte> b) => Vector128.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16SubSatU(Vector128<byte> a, Vector128<byte> b) => Vector128.SubtractSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a, b);

    // Rounding average (a + b + 1) / 2 without overflow: (a | b) - ((a ^ b) >> 1).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16AvgrU(Vector128<byte> a, Vector128<byte> b) => (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16NarrowI16x8S(Vector128<byte> a, Vector128<byte> b) => Vector128.NarrowWithSaturation(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8NarrowI32x4S(Vector128<byte> a, Vector128<byte> b) => Vector128.NarrowWithSaturation(a.AsInt32(), b.AsInt32()).AsByte();

    // Signed lanes saturated into the unsigned range: clamp first, then the truncating narrow keeps exactly the clamped value.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16NarrowI16x8U(Vector128<byte> a, Vector128<byte> b)
    {
        var low = Vector128<short>.Zero;
        var high = Vector128.Create((short)byte.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(a.AsInt16(), low, high), Vector128.Clamp(b.AsInt16(), low, high)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8NarrowI32x4U(Vector128<byte> a, Vector128<byte> b)
    {
        var low = Vector128<int>.Zero;
        var high = Vector128.Create((int)ushort.MaxValue);
        return Vector128.Narrow(Vector128.Clamp(a.AsInt32(), low, high), Vector128.Clamp(b.AsInt32(), low, high)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Neg(Vector128<byte> a) => (-a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() + b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() - b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt16() * b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8AddSatS(Vector128<byte> a, Vector128<byte> b) => Vector128.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8AddSatU(Vector128<byte> a, Vector128<byte> b) => Vector128.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8SubSatS(Vector128<byte> a, Vector128<byte> b) => Vector128.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8SubSatU(Vector128<byte> a, Vector128<byte> b) => Vector128.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8AvgrU(Vector128<byte> a, Vector128<byte> b) =>
        ((a | b).AsUInt16() - Vector128.ShiftRightLogical((a ^ b).AsUInt16(), 1)).AsByte();

    /// <summary>Q15 rounding multiply: (a * b + 2^14) >> 15, saturated (only -32768 * -32768 overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Q15mulrSatS(Vector128<byte> a, Vector128<byte> b)
    {
        var rounding = Vector128.Create(0x4000);
        var low = Vector128.ShiftRightArithmetic((Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())) + rounding, 15);
        var high = Vector128.ShiftRightArithmetic((Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())) + rounding, 15);
        return Vector128.NarrowWithSaturation(low, high).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Neg(Vector128<byte> a) => (-a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() + b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() - b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt32() * b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4MinS(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4MinU(Vector128<byte> a, Vector128<byte> b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4MaxS(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4MaxU(Vector128<byte> a, Vector128<byte> b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary>Lane i: a[2i] * b[2i] + a[2i+1] * b[2i+1] of the signed 16-bit lanes, wrapping in 32 bits. Each 32-bit
    /// lane holds the pair: shifting left then right by 16 sign-extends the even lane, an arithmetic shift the odd one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4DotI16x8S(Vector128<byte> a, Vector128<byte> b)
    {
        var x = a.AsInt32();
        var y = b.AsInt32();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(y, 16), 16);
        var odd = Vector128.ShiftRightArithmetic(x, 16) * Vector128.ShiftRightArithmetic(y, 16);
        return (even + odd).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Abs(Vector128<byte> a) => Vector128.Abs(a.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Neg(Vector128<byte> a) => (-a.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() + b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() - b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsInt64() * b.AsInt64()).AsByte();

    // ---- shifts: the count is taken modulo the lane width ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a, count & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a, count & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Shl(Vector128<byte> a, int count) => Vector128.ShiftLeft(a.AsInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ShrS(Vector128<byte> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ShrU(Vector128<byte> a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();

    // ---- widening: extend, extmul, extadd_pairwise ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtendLowI8x16S(Vector128<byte> a) => Vector128.WidenLower(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtendHighI8x16S(Vector128<byte> a) => Vector128.WidenUpper(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtendLowI8x16U(Vector128<byte> a) => Vector128.WidenLower(a).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtendHighI8x16U(Vector128<byte> a) => Vector128.WidenUpper(a).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtendLowI16x8S(Vector128<byte> a) => Vector128.WidenLower(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtendHighI16x8S(Vector128<byte> a) => Vector128.WidenUpper(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtendLowI16x8U(Vector128<byte> a) => Vector128.WidenLower(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtendHighI16x8U(Vector128<byte> a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtendLowI32x4S(Vector128<byte> a) => Vector128.WidenLower(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtendHighI32x4S(Vector128<byte> a) => Vector128.WidenUpper(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtendLowI32x4U(Vector128<byte> a) => Vector128.WidenLower(a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtendHighI32x4U(Vector128<byte> a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // The product of two lanes widened to twice their width always fits, so a wrapping multiply of the widened lanes is exact.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtmulLowI8x16S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtmulHighI8x16S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtmulLowI8x16U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtmulHighI8x16U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtmulLowI16x8S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtmulHighI16x8S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtmulLowI16x8U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtmulHighI16x8U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtmulLowI32x4S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtmulHighI32x4S(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtmulLowI32x4U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2ExtmulHighI32x4U(Vector128<byte> a, Vector128<byte> b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    /// <summary>Lane i: the sum of lanes 2i and 2i+1, widened (the even lanes widened plus the odd lanes widened).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtaddPairwiseI8x16S(Vector128<byte> a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt16(), 8), 8) + Vector128.ShiftRightArithmetic(a.AsInt16(), 8)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8ExtaddPairwiseI8x16U(Vector128<byte> a) =>
        ((a.AsUInt16() & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(a.AsUInt16(), 8)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtaddPairwiseI16x8S(Vector128<byte> a) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt32(), 16), 16) + Vector128.ShiftRightArithmetic(a.AsInt32(), 16)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4ExtaddPairwiseI16x8U(Vector128<byte> a) =>
        ((a.AsUInt32() & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(a.AsUInt32(), 16)).AsByte();

    // ---- float arithmetic ----

    private static readonly Vector128<uint> F32SignBits = Vector128.Create(0x8000_0000u);
    private static readonly Vector128<ulong> F64SignBits = Vector128.Create(0x8000_0000_0000_0000ul);

    // abs and neg touch only the sign bit, keeping NaN payloads.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Abs(Vector128<byte> a) => Vector128.AndNot(a.AsUInt32(), F32SignBits).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Neg(Vector128<byte> a) => (a.AsUInt32() ^ F32SignBits).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Abs(Vector128<byte> a) => Vector128.AndNot(a.AsUInt64(), F64SignBits).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Neg(Vector128<byte> a) => (a.AsUInt64() ^ F64SignBits).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsSingle()).AsByte();

    // add, sub, mul and div hide an operand the JIT could see as a constant (see Ops.F32OpaqueConstant): it simplifies
    // x * 1, x / 1, x - 0 and x + -0 to x, which keeps a signalling NaN where wasm requires a quiet one.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Add(Vector128<byte> a, Vector128<byte> b) => (Ops.OpaqueVector(a).AsSingle() + Ops.OpaqueVector(b).AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() - Ops.OpaqueVector(b).AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Mul(Vector128<byte> a, Vector128<byte> b) => (Ops.OpaqueVector(a).AsSingle() * Ops.OpaqueVector(b).AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Div(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() / Ops.OpaqueVector(b).AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Sqrt(Vector128<byte> a) => Vector128.Sqrt(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Add(Vector128<byte> a, Vector128<byte> b) => (Ops.OpaqueVector(a).AsDouble() + Ops.OpaqueVector(b).AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() - Ops.OpaqueVector(b).AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Mul(Vector128<byte> a, Vector128<byte> b) => (Ops.OpaqueVector(a).AsDouble() * Ops.OpaqueVector(b).AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Div(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() / Ops.OpaqueVector(b).AsDouble()).AsByte();

    // min and max: NaN if either operand is NaN (a + b makes it a quiet NaN of the operands' payloads, as the scalar
    // instructions do), -0 below +0 (equal operands are combined bitwise: or keeps a sign for min, and drops it for max).
    // pmin and pmax are b < a ? b : a and a < b ? b : a, NaNs and zeros included.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Min(Vector128<byte> a, Vector128<byte> b) => Min(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Max(Vector128<byte> a, Vector128<byte> b) => Max(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Min(Vector128<byte> a, Vector128<byte> b) => Min(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Max(Vector128<byte> a, Vector128<byte> b) => Max(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Min<T>(Vector128<T> a, Vector128<T> b)
    {
        var ordered = Vector128.ConditionalSelect(Vector128.Equals(a, b), a | b, Vector128.ConditionalSelect(Vector128.LessThan(a, b), a, b));
        return Vector128.ConditionalSelect(Vector128.Equals(a, a) & Vector128.Equals(b, b), ordered, a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Max<T>(Vector128<T> a, Vector128<T> b)
    {
        var ordered = Vector128.ConditionalSelect(Vector128.Equals(a, b), a & b, Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), a, b));
        return Vector128.ConditionalSelect(Vector128.Equals(a, a) & Vector128.Equals(b, b), ordered, a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Pmin(Vector128<byte> a, Vector128<byte> b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()), b.AsSingle(), a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Pmax(Vector128<byte> a, Vector128<byte> b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()), b.AsSingle(), a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Pmin(Vector128<byte> a, Vector128<byte> b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()), b.AsDouble(), a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Pmax(Vector128<byte> a, Vector128<byte> b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()), b.AsDouble(), a.AsDouble()).AsByte();

    // Rounding to an integral value is exact in every mode; Round rounds ties to even, as nearest requires.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Ceil(Vector128<byte> a) => Vector128.Ceiling(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Floor(Vector128<byte> a) => Vector128.Floor(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Trunc(Vector128<byte> a) => Vector128.Truncate(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Nearest(Vector128<byte> a) => Vector128.Round(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Ceil(Vector128<byte> a) => Vector128.Ceiling(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Floor(Vector128<byte> a) => Vector128.Floor(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Trunc(Vector128<byte> a) => Vector128.Truncate(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Nearest(Vector128<byte> a) => Vector128.Round(a.AsDouble()).AsByte();

    // ---- conversions ----

    // Float-to-integer and unsigned integer-to-float conversions go lane by lane through the scalar instructions'
    // helpers: their NaN, saturation and rounding rules are exactly wasm's on every platform.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4TruncSatF32x4S(Vector128<byte> a)
    {
        var x = a.AsSingle();
        return Vector128.Create(Ops.I32TruncSatF32S(x[0]), Ops.I32TruncSatF32S(x[1]), Ops.I32TruncSatF32S(x[2]), Ops.I32TruncSatF32S(x[3])).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4TruncSatF32x4U(Vector128<byte> a)
    {
        var x = a.AsSingle();
        return Vector128.Create(Ops.I32TruncSatF32U(x[0]), Ops.I32TruncSatF32U(x[1]), Ops.I32TruncSatF32U(x[2]), Ops.I32TruncSatF32U(x[3])).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4ConvertI32x4S(Vector128<byte> a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4ConvertI32x4U(Vector128<byte> a)
    {
        var x = a.AsInt32();
        return Vector128.Create(Ops.F32ConvertI32U(x[0]), Ops.F32ConvertI32U(x[1]), Ops.F32ConvertI32U(x[2]), Ops.F32ConvertI32U(x[3])).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4TruncSatF64x2SZero(Vector128<byte> a) =>
        Vector128.Create(Ops.I32TruncSatF64S(a.AsDouble()[0]), Ops.I32TruncSatF64S(a.AsDouble()[1]), 0, 0).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4TruncSatF64x2UZero(Vector128<byte> a) =>
        Vector128.Create(Ops.I32TruncSatF64U(a.AsDouble()[0]), Ops.I32TruncSatF64U(a.AsDouble()[1]), 0, 0).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2ConvertLowI32x4S(Vector128<byte> a) => Vector128.Create((double)a.AsInt32()[0], a.AsInt32()[1]).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2ConvertLowI32x4U(Vector128<byte> a) => Vector128.Create(Ops.F64ConvertI32U(a.AsInt32()[0]), Ops.F64ConvertI32U(a.AsInt32()[1])).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4DemoteF64x2Zero(Vector128<byte> a) => Vector128.Create((float)a.AsDouble()[0], (float)a.AsDouble()[1], 0f, 0f).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2PromoteLowF32x4(Vector128<byte> a) => Vector128.Create(Ops.F64PromoteF32(a.AsSingle()[0]), Ops.F64PromoteF32(a.AsSingle()[1])).AsByte();
}
