namespace WitSharp.Wasm;

/// <summary>A table of references (funcref or externref).</summary>
public sealed class Table : Extern
{
    private readonly Store _store;
    private readonly uint? _maximum;
    /// <summary>The elements (funcref elements are <see cref="Function"/> objects); compiled code and bulk operations use it directly.</summary>
    internal object?[] Elements;

    /// <summary>Creates a table owned by <paramref name="store"/>, every element set to <paramref name="initial"/>.</summary>
    /// <param name="store">The owning store (its element limit applies).</param>
    /// <param name="type">The element type and limits.</param>
    /// <param name="initial">The initial element (a reference of the element type).</param>
    public Table(Store store, TableType type, Value initial)
    {
        ArgumentNullException.ThrowIfNull(store);
        CheckElement(type.ElementType, initial);
        if (type.Limits.Minimum > store.Limits.MaxTableElements)
        {
            throw new LinkException($"table minimum of {type.Limits.Minimum} elements exceeds the store limit of {store.Limits.MaxTableElements}");
        }

        _store = store;
        ElementType = type.ElementType;
        _maximum = type.Limits.Maximum;
        Elements = new object?[type.Limits.Minimum];
        Array.Fill(Elements, initial.AsReference());
    }

    /// <inheritdoc/>
    public override ExternalKind Kind => ExternalKind.Table;

    /// <summary>The element type.</summary>
    public ValueType ElementType { get; }

    /// <summary>The table's type with its current size as minimum.</summary>
    public TableType Type => new(ElementType, new Limits(Size, _maximum));

    /// <summary>The current number of elements.</summary>
    public uint Size => (uint)Elements.Length;

    /// <inheritdoc/>
    public override string DescribeType() => $"table {Size} {_maximum?.ToString() ?? "none"} {ElementType.ToWatName()}";

    /// <summary>Reads an element.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="TrapException">The index is out of bounds.</exception>
    public Value Get(uint index)
    {
        if (index >= (uint)Elements.Length)
        {
            throw new TrapException(TrapKind.TableOutOfBounds);
        }

        return Wrap(Elements[index]);
    }

    /// <summary>Writes an element.</summary>
    /// <param name="index">The index.</param>
    /// <param name="value">A reference of the element type.</param>
    /// <exception cref="TrapException">The index is out of bounds.</exception>
    public void Set(uint index, Value value)
    {
        CheckElement(ElementType, value);
        if (index >= (uint)Elements.Length)
        {
            throw new TrapException(TrapKind.TableOutOfBounds);
        }

        Elements[index] = value.AsReference();
    }

    /// <summary>Grows the table as <c>table.grow</c> does.</summary>
    /// <param name="delta">Elements to add.</param>
    /// <param name="initial">The value of the new elements.</param>
    /// <returns>The previous size, or -1 when the maximum or the store limit forbids it.</returns>
    public int Grow(uint delta, Value initial)
    {
        CheckElement(ElementType, initial);
        var old = Size;
        var wanted = (ulong)old + delta;
        if (wanted > Math.Min((ulong)(_maximum ?? uint.MaxValue), _store.Limits.MaxTableElements))
        {
            return -1;
        }

        var grown = new object?[wanted];
        Elements.CopyTo(grown, 0);
        Array.Fill(grown, initial.AsReference(), (int)old, (int)delta);
        Elements = grown;
        return (int)old;
    }

    private Value Wrap(object? reference) =>
        ElementType == ValueType.FuncRef ? Value.FromFuncRef((Function?)reference) : Value.FromExternRef(reference);

    private static void CheckElement(ValueType elementType, Value value)
    {
        if (value.Type != elementType)
        {
            throw new ArgumentException($"value of type {value.Type.ToWatName()} does not match table element type {elementType.ToWatName()}", nameof(value));
        }
    }
}
