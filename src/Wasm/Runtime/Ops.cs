using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>
/// Helpers called by compiled code for everything that is not a single IL instruction: traps, bounds-checked memory
/// access, exact float semantics, bulk operations and the call-depth/fuel/interrupt bookkeeping. Operands come in wasm
/// stack order; the context (memory, store, instance) comes last so it can be pushed after the operands.
/// </summary>
internal static class Ops
{
    /// <summary>Polls of the interrupt sources happen once per this many loop iterations or calls.</summary>
    // Not inlined: every bounds check and trap site would otherwise carry the allocation and constructor call inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Trap(TrapKind kind) => new TrapException(kind);

    // ---- calls, fuel, interruption ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(Store store)
    {
        var depth = ++store.CallDepth;
        if (depth > store.MaxCallDepth || ((depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            throw Trap(TrapKind.StackExhausted);
        }

        CheckInterrupt(store);
    }

    /// <summary>Traps when the store is interrupted: at the entry of functions that call others, and at every host call
    /// of a leaf (whose prologue has no check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckInterrupt(Store store)
    {
        if (Volatile.Read(ref store.InterruptFlags) != 0)
        {
            throw Trap(TrapKind.Interrupted);
        }
    }

    /// <summary>Entry of functions with big frames: checks the real stack every time.</summary>
    public static void EnterLargeFrame(Store store)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Trap(TrapKind.StackExhausted);
        }

        Enter(store);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Leave(Store store) => store.CallDepth--;

    /// <summary>The trap a loop header throws when <see cref="Store.InterruptFlags"/> is set (the check itself is inline IL).</summary>
    public static Exception Interrupted() => Trap(TrapKind.Interrupted);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConsumeFuel(long units, Store store)
    {
        if ((store.Fuel -= units) < 0)
        {
            store.Fuel = 0;
            throw Trap(TrapKind.OutOfFuel);
        }
    }

    // ---- multi-value results ----

    public static void StoreResult(Value value, int index) => ResultBuffer.Ensure(index + 1)[index] = value;

    public static int LoadResultI32(int index) => ResultBuffer.Values[index].AsI32();

    public static long LoadResultI64(int index) => ResultBuffer.Values[index].AsI64();

    public static float LoadResultF32(int index) => ResultBuffer.Values[index].AsF32();

    public static double LoadResultF64(int index) => ResultBuffer.Values[index].AsF64();

    public static Vector128<byte> LoadResultV128(int index) => ResultBuffer.Values[index].AsV128();

    public static object? LoadResultReference(int index) => ResultBuffer.Values[index].AsReference();

    public static Value FuncRefValue(object? reference) => Value.FromReference(ValueType.FuncRef, reference);

    public static Value ExternRefValue(object? reference) => Value.FromReference(ValueType.ExternRef, reference);

    // ---- memory ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe ref byte Address(int address, long offset, int size, nint memoryBase, ulong length)
    {
        var effective = (ulong)(uint)address + (ulong)offset;
        if (effective + (ulong)size > length)
        {
            throw Trap(TrapKind.MemoryOutOfBounds);
        }

        return ref *(byte*)(memoryBase + (nint)effective);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<int>(ref Address(address, offset, 4, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<long>(ref Address(address, offset, 8, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadF32(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<float>(ref Address(address, offset, 4, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadF64(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<double>(ref Address(address, offset, 8, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32From8S(int address, long offset, nint memoryBase, ulong length) => (sbyte)Address(address, offset, 1, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32From8U(int address, long offset, nint memoryBase, ulong length) => Address(address, offset, 1, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32From16S(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<short>(ref Address(address, offset, 2, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LoadI32From16U(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<ushort>(ref Address(address, offset, 2, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From8S(int address, long offset, nint memoryBase, ulong length) => (sbyte)Address(address, offset, 1, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From8U(int address, long offset, nint memoryBase, ulong length) => Address(address, offset, 1, memoryBase, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From16S(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<short>(ref Address(address, offset, 2, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From16U(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<ushort>(ref Address(address, offset, 2, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From32S(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<int>(ref Address(address, offset, 4, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadI64From32U(int address, long offset, nint memoryBase, ulong length) => Unsafe.ReadUnaligned<uint>(ref Address(address, offset, 4, memoryBase, length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32(int address, int value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 4, memoryBase, length), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64(int address, long value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 8, memoryBase, length), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF32(int address, float value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 4, memoryBase, length), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreF64(int address, double value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 8, memoryBase, length), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32As8(int address, int value, long offset, nint memoryBase, ulong length) => Address(address, offset, 1, memoryBase, length) = (byte)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI32As16(int address, int value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 2, memoryBase, length), (short)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As8(int address, long value, long offset, nint memoryBase, ulong length) => Address(address, offset, 1, memoryBase, length) = (byte)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As16(int address, long value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 2, memoryBase, length), (short)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreI64As32(int address, long value, long offset, nint memoryBase, ulong length) => Unsafe.WriteUnaligned(ref Address(address, offset, 4, memoryBase, length), (int)value);

    public static int MemorySize(Memory memory) => (int)memory.Pages;

    public static int MemoryGrow(int deltaPages, Memory memory) => memory.Grow((uint)deltaPages);

    public static unsafe void MemoryFill(int destination, int value, int count, Memory memory)
    {
        memory.CheckRange((uint)destination, (uint)count);
        NativeMemory.Fill((byte*)memory.Base + (uint)destination, (uint)count, (byte)value);
    }

    // NativeMemory.Copy behaves like memmove, as memory.copy requires for overlapping ranges.
    public static unsafe void MemoryCopy(int destination, int source, int count, Memory memory)
    {
        memory.CheckRange((uint)destination, (uint)count);
        memory.CheckRange((uint)source, (uint)count);
        NativeMemory.Copy((byte*)memory.Base + (uint)source, (byte*)memory.Base + (uint)destination, (uint)count);
    }

    public static void MemoryInit(int destination, int source, int count, int segment, InstanceContext context)
    {
        var bytes = context.DataSegments[segment];
        if ((ulong)(uint)source + (uint)count > (ulong)bytes.Length)
        {
            throw Trap(TrapKind.MemoryOutOfBounds);
        }

        bytes.Span.Slice(source, count).CopyTo(context.Memory0!.GetSpan((uint)destination, count));
    }

    public static void DataDrop(int segment, InstanceContext context) => context.DataSegments[segment] = ReadOnlyMemory<byte>.Empty;

    // ---- tables ----

    public static object? TableGet(int index, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            throw Trap(TrapKind.TableOutOfBounds);
        }

        return elements[index];
    }

    public static void TableSet(int index, object? value, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            throw Trap(TrapKind.TableOutOfBounds);
        }

        elements[index] = value;
    }

    public static int TableSize(int table, InstanceContext context) => context.Tables[table].Elements.Length;

    public static int TableGrow(object? initial, int delta, int table, InstanceContext context)
    {
        var target = context.Tables[table];
        return target.Grow((uint)delta, Value.FromReference(target.ElementType, initial));
    }

    public static void TableFill(int start, object? value, int count, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((ulong)(uint)start + (uint)count > (ulong)elements.Length)
        {
            throw Trap(TrapKind.TableOutOfBounds);
        }

        elements.AsSpan(start, count).Fill(value);
    }

    public static void TableCopy(int destination, int source, int count, int destinationTable, int sourceTable, InstanceContext context)
    {
        var to = context.Tables[destinationTable].Elements;
        var from = context.Tables[sourceTable].Elements;
        if ((ulong)(uint)destination + (uint)count > (ulong)to.Length || (ulong)(uint)source + (uint)count > (ulong)from.Length)
        {
            throw Trap(TrapKind.TableOutOfBounds);
        }

        from.AsSpan(source, count).CopyTo(to.AsSpan(destination, count));
    }

    public static void TableInit(int destination, int source, int count, int segment, int table, InstanceContext context)
    {
        var items = context.ElementSegments[segment];
        var elements = context.Tables[table].Elements;
        if ((ulong)(uint)source + (uint)count > (ulong)items.Length || (ulong)(uint)destination + (uint)count > (ulong)elements.Length)
        {
            throw Trap(TrapKind.TableOutOfBounds);
        }

        items.AsSpan(source, count).CopyTo(elements.AsSpan(destination, count));
    }

    public static void ElemDrop(int segment, InstanceContext context) => context.ElementSegments[segment] = [];

    public static Function ResolveIndirect(int index, int typeIndex, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            throw Trap(TrapKind.UndefinedElement);
        }

        if (elements[index] is not Function function)
        {
            throw Trap(TrapKind.UninitializedElement);
        }

        var expected = context.Types[typeIndex];
        if (!ReferenceEquals(function.Type, expected) && !function.Type.Equals(expected))
        {
            throw Trap(TrapKind.IndirectCallTypeMismatch);
        }

        return function;
    }

    // ---- integer arithmetic ----

    public static int I32DivS(int a, int b)
    {
        if (b == 0)
        {
            throw Trap(TrapKind.IntegerDivideByZero);
        }

        if (b == -1 && a == int.MinValue)
        {
            throw Trap(TrapKind.IntegerOverflow);
        }

        return a / b;
    }

    public static int I32DivU(int a, int b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : (int)((uint)a / (uint)b);

    public static int I32RemS(int a, int b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : b == -1 ? 0 : a % b;

    public static int I32RemU(int a, int b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : (int)((uint)a % (uint)b);

    public static long I64DivS(long a, long b)
    {
        if (b == 0)
        {
            throw Trap(TrapKind.IntegerDivideByZero);
        }

        if (b == -1 && a == long.MinValue)
        {
            throw Trap(TrapKind.IntegerOverflow);
        }

        return a / b;
    }

    public static long I64DivU(long a, long b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : (long)((ulong)a / (ulong)b);

    public static long I64RemS(long a, long b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : b == -1 ? 0 : a % b;

    public static long I64RemU(long a, long b) => b == 0 ? throw Trap(TrapKind.IntegerDivideByZero) : (long)((ulong)a % (ulong)b);

    public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);

    public static int I32Ctz(int a) => BitOperations.TrailingZeroCount(a);

    public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);

    public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);

    public static long I64Ctz(long a) => BitOperations.TrailingZeroCount(a);

    public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);

    public static int I32Rotl(int a, int b) => (int)BitOperations.RotateLeft((uint)a, b);

    public static int I32Rotr(int a, int b) => (int)BitOperations.RotateRight((uint)a, b);

    public static long I64Rotl(long a, long b) => (long)BitOperations.RotateLeft((ulong)a, (int)b);

    public static long I64Rotr(long a, long b) => (long)BitOperations.RotateRight((ulong)a, (int)b);

    // ---- floating point ----

    // A plain conv.r8 would let the JIT fold demote(promote(x)) to x, keeping a signalling NaN; the spec requires a quiet one.
    public static double F64PromoteF32(float a)
    {
        double widened = a;
        return double.IsNaN(widened) ? BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(widened) | 0x0008_0000_0000_0000) : widened;
    }

    // NaN inputs give a NaN with the quiet bit set (an "arithmetic NaN"), as the spec requires; the addition quiets signalling NaNs.
    public static float F32Min(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : MathF.Min(a, b);

    public static float F32Max(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : MathF.Max(a, b);

    public static double F64Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : Math.Min(a, b);

    public static double F64Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : Math.Max(a, b);

    public static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & int.MaxValue);

    public static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);

    public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & int.MaxValue) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));

    public static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);

    public static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);

    public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    public static float F32Ceil(float a) => MathF.Ceiling(a);

    public static float F32Floor(float a) => MathF.Floor(a);

    public static float F32Trunc(float a) => MathF.Truncate(a);

    public static float F32Nearest(float a) => MathF.Round(a, MidpointRounding.ToEven);

    public static float F32Sqrt(float a) => MathF.Sqrt(a);

    public static double F64Ceil(double a) => Math.Ceiling(a);

    public static double F64Floor(double a) => Math.Floor(a);

    public static double F64Trunc(double a) => Math.Truncate(a);

    public static double F64Nearest(double a) => Math.Round(a, MidpointRounding.ToEven);

    public static double F64Sqrt(double a) => Math.Sqrt(a);

    public static float F32ConvertI32U(int a) => (float)(double)(uint)a;

    public static double F64ConvertI32U(int a) => (uint)a;

    // An unsigned 64-bit value above 2^63 is halved with its lowest bit kept as a sticky bit, so one rounding step gives the exact result.
    public static float F32ConvertI64U(long a) => a >= 0 ? a : (float)((a >>> 1) | (a & 1)) * 2f;

    public static double F64ConvertI64U(long a) => a >= 0 ? a : (double)((a >>> 1) | (a & 1)) * 2d;

    public static int I32ReinterpretF32(float a) => BitConverter.SingleToInt32Bits(a);

    public static long I64ReinterpretF64(double a) => BitConverter.DoubleToInt64Bits(a);

    // Opaque too: the JIT folds the reinterpretation of a constant into a float constant and quiets a signalling NaN.
    public static float F32ReinterpretI32(int a) => F32OpaqueConstant(a);

    // Some float constants must stay opaque to the JIT: it folds an inlined reinterpretation of a constant into a float
    // constant, quieting signalling NaNs on the way, and then simplifies x * 1, x / 1, x - 0 and x + -0 to x, which
    // keeps a signalling NaN where wasm requires a quiet one. Mixing in a mutable static (always zero) hides the value.
    private static int s_opaqueZero = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32OpaqueConstant(int bits) => BitConverter.Int32BitsToSingle(bits ^ s_opaqueZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64OpaqueConstant(long bits) => BitConverter.Int64BitsToDouble(bits ^ s_opaqueZero);

    /// <summary>A v128 the JIT cannot see through (see <see cref="F32OpaqueConstant"/>), for float lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> OpaqueVector(Vector128<byte> value) => value ^ Vector128.Create((byte)s_opaqueZero);

    /// <summary>Whether a float constant must be hidden from the JIT (see <see cref="F32OpaqueConstant"/>).</summary>
    public static bool NeedsOpaqueConstant(double value) => double.IsNaN(value) || value == 0 || Math.Abs(value) == 1;

    public static double F64ReinterpretI64(long a) => BitConverter.Int64BitsToDouble(a);

    // ---- float to integer: trapping ----

    private static void CheckTruncation(double value, double exclusiveLow, double exclusiveHigh)
    {
        if (double.IsNaN(value))
        {
            throw Trap(TrapKind.BadConversionToInteger);
        }

        if (value <= exclusiveLow || value >= exclusiveHigh)
        {
            throw Trap(TrapKind.IntegerOverflow);
        }
    }

    public static int I32TruncF32S(float a)
    {
        CheckTruncation(a, -2147483649d, 2147483648d);
        return (int)a;
    }

    public static int I32TruncF32U(float a)
    {
        CheckTruncation(a, -1d, 4294967296d);
        return (int)(uint)a;
    }

    public static int I32TruncF64S(double a)
    {
        CheckTruncation(a, -2147483649d, 2147483648d);
        return (int)a;
    }

    public static int I32TruncF64U(double a)
    {
        CheckTruncation(a, -1d, 4294967296d);
        return (int)(uint)a;
    }

    // -2^63 is exactly representable and valid, so the low bound is checked separately from the open interval helper.
    public static long I64TruncF32S(float a) => I64TruncF64S(a);

    public static long I64TruncF32U(float a) => I64TruncF64U(a);

    public static long I64TruncF64S(double a)
    {
        if (double.IsNaN(a))
        {
            throw Trap(TrapKind.BadConversionToInteger);
        }

        if (a < -9223372036854775808d || a >= 9223372036854775808d)
        {
            throw Trap(TrapKind.IntegerOverflow);
        }

        return (long)a;
    }

    public static long I64TruncF64U(double a)
    {
        CheckTruncation(a, -1d, 18446744073709551616d);
        return (long)(ulong)a;
    }

    // ---- float to integer: saturating ----

    public static int I32TruncSatF32S(float a) => I32TruncSatF64S(a);

    public static int I32TruncSatF32U(float a) => I32TruncSatF64U(a);

    public static int I32TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= int.MinValue ? int.MinValue : a >= int.MaxValue ? int.MaxValue : (int)a;

    public static int I32TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= uint.MaxValue ? -1 : (int)(uint)a;

    public static long I64TruncSatF32S(float a) => I64TruncSatF64S(a);

    public static long I64TruncSatF32U(float a) => I64TruncSatF64U(a);

    public static long I64TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -9223372036854775808d ? long.MinValue : a >= 9223372036854775808d ? long.MaxValue : (long)a;

    public static long I64TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= 18446744073709551616d ? -1 : (long)(ulong)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select<T>(T first, T second, int condition) => condition != 0 ? first : second;
}
