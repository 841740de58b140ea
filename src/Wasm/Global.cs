using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>A global variable; shared by reference between the instances that import or export it.</summary>
public sealed class Global : Extern
{
    /// <summary>The numeric payload (i32/f32 in the low 32 bits); compiled code reads and writes it directly.</summary>
    internal long Bits;

    /// <summary>The upper 64 bits of a v128 global (<see cref="Bits"/> holds the lower 64).</summary>
    internal long HighBits;

    /// <summary>The reference payload of funcref/externref globals.</summary>
    internal object? Reference;

    /// <summary>Creates a global.</summary>
    /// <param name="type">The value type and mutability.</param>
    /// <param name="initial">The initial value; must have the global's value type.</param>
    public Global(GlobalType type, Value initial)
    {
        CheckType(type.ValueType, initial);
        Type = type;
        Store(initial);
    }

    /// <inheritdoc/>
    public override ExternalKind Kind => ExternalKind.Global;

    /// <summary>The global's type.</summary>
    public GlobalType Type { get; }

    /// <inheritdoc/>
    public override string DescribeType() => $"global {(Type.IsMutable ? "mut " : string.Empty)}{Type.ValueType.ToWatName()}";

    /// <summary>The current value.</summary>
    public Value Get() => Type.ValueType switch
    {
        ValueType.I32 => Value.FromI32((int)Bits),
        ValueType.I64 => Value.FromI64(Bits),
        ValueType.F32 => Value.FromF32Bits((uint)Bits),
        ValueType.F64 => Value.FromF64Bits((ulong)Bits),
        ValueType.V128 => Value.FromV128(V128),
        ValueType.FuncRef => Value.FromFuncRef((Function?)Reference),
        _ => Value.FromExternRef(Reference),
    };

    /// <summary>Sets the value.</summary>
    /// <param name="value">The new value, of the global's type.</param>
    /// <exception cref="InvalidOperationException">The global is immutable.</exception>
    public void Set(Value value)
    {
        if (!Type.IsMutable)
        {
            throw new InvalidOperationException("cannot set an immutable global");
        }

        CheckType(Type.ValueType, value);
        Store(value);
    }

    /// <summary>The value as a v128: <see cref="Bits"/> in the low half, <see cref="HighBits"/> in the high half.</summary>
    internal Vector128<byte> V128
    {
        get => Vector128.Create(Bits, HighBits).AsByte();
        set
        {
            Bits = value.AsInt64().GetElement(0);
            HighBits = value.AsInt64().GetElement(1);
        }
    }

    private void Store(Value value)
    {
        V128 = value.AsV128();
        Reference = value.AsReference();
    }

    private static void CheckType(ValueType expected, Value value)
    {
        if (value.Type != expected)
        {
            throw new ArgumentException($"value of type {value.Type.ToWatName()} does not match global type {expected.ToWatName()}", nameof(value));
        }
    }
}
