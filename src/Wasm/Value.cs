using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>A WebAssembly value: a number or 128-bit vector (bit pattern kept exactly, NaN payloads included) or a reference.</summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly ulong _bits;

    /// <summary>The upper 64 bits of a v128 (zero for every other type).</summary>
    private readonly ulong _high;
    private readonly object? _reference;

    private Value(ValueType type, ulong bits, object? reference, ulong high = 0)
    {
        Type = type;
        _bits = bits;
        _high = high;
        _reference = reference;
    }

    /// <summary>The value's type.</summary>
    public ValueType Type { get; }

    /// <summary>Creates an i32 value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static Value FromI32(int value) => new(ValueType.I32, (uint)value, null);

    /// <summary>Creates an i64 value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static Value FromI64(long value) => new(ValueType.I64, (ulong)value, null);

    /// <summary>Creates an f32 value from its IEEE 754 bit pattern (keeps NaN payloads exactly).</summary>
    /// <param name="bits">The bit pattern.</param>
    /// <returns>The value.</returns>
    public static Value FromF32Bits(uint bits) => new(ValueType.F32, bits, null);

    /// <summary>Creates an f64 value from its IEEE 754 bit pattern (keeps NaN payloads exactly).</summary>
    /// <param name="bits">The bit pattern.</param>
    /// <returns>The value.</returns>
    public static Value FromF64Bits(ulong bits) => new(ValueType.F64, bits, null);

    /// <summary>Creates an f32 value.</summary>
    /// <param name="value">The float.</param>
    /// <returns>The value.</returns>
    public static Value FromF32(float value) => FromF32Bits(BitConverter.SingleToUInt32Bits(value));

    /// <summary>Creates an f64 value.</summary>
    /// <param name="value">The double.</param>
    /// <returns>The value.</returns>
    public static Value FromF64(double value) => FromF64Bits(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Creates a v128 value; lanes of every shape are views of these 16 bytes (lane 0 in the lowest bytes).</summary>
    /// <param name="value">The vector's bytes.</param>
    /// <returns>The value.</returns>
    public static Value FromV128(Vector128<byte> value)
    {
        var lanes = value.AsUInt64();
        return new(ValueType.V128, lanes.GetElement(0), null, lanes.GetElement(1));
    }

    /// <summary>Creates a funcref value.</summary>
    /// <param name="function">The function, or <see langword="null"/> for the null reference.</param>
    /// <returns>The value.</returns>
    public static Value FromFuncRef(Function? function) => new(ValueType.FuncRef, 0, function);

    /// <summary>Creates an externref value.</summary>
    /// <param name="reference">The host object, or <see langword="null"/> for the null reference.</param>
    /// <returns>The value.</returns>
    public static Value FromExternRef(object? reference) => new(ValueType.ExternRef, 0, reference);

    /// <summary>Creates a reference value of either reference type (funcref payloads are <see cref="Function"/> objects).</summary>
    internal static Value FromReference(ValueType type, object? reference) => new(type, 0, reference);

    /// <summary>The default (zero or null) value of a type, as locals and tables start.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The zero or null value.</returns>
    public static Value Default(ValueType type) => new(type, 0, null);

    /// <summary>The i32 payload.</summary>
    public int AsI32() => (int)(uint)_bits;

    /// <summary>The i64 payload.</summary>
    public long AsI64() => (long)_bits;

    /// <summary>The f32 payload.</summary>
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)_bits);

    /// <summary>The f64 payload.</summary>
    public double AsF64() => BitConverter.UInt64BitsToDouble(_bits);

    /// <summary>The v128 payload; for a value of another numeric type, its bits in the low half.</summary>
    public Vector128<byte> AsV128() => Vector128.Create(_bits, _high).AsByte();

    /// <summary>The raw bit pattern of a numeric value (zero for references; the lower 64 bits of a v128).</summary>
    public ulong Bits => _bits;

    /// <summary>The funcref payload, or <see langword="null"/>.</summary>
    public Function? AsFuncRef() => _reference as Function;

    /// <summary>The externref payload (or the referenced function of a funcref), or <see langword="null"/>.</summary>
    public object? AsReference() => _reference;

    /// <summary>Whether this is a null reference.</summary>
    public bool IsNullReference => Type.IsReference() && _reference is null;

    /// <inheritdoc/>
    public bool Equals(Value other) => Type == other.Type && _bits == other._bits && _high == other._high && ReferenceEquals(_reference, other._reference);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, _bits, _high, _reference);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{AsI32()}",
        ValueType.I64 => $"i64:{AsI64()}",
        ValueType.F32 => $"f32:{AsF32()} (0x{_bits:x8})",
        ValueType.F64 => $"f64:{AsF64()} (0x{_bits:x16})",
        ValueType.V128 => $"v128:0x{_high:x16}{_bits:x16}",
        _ => $"{Type.ToWatName()}:{_reference?.ToString() ?? "null"}",
    };
}
