using System.Buffers.Binary;

namespace WitSharp.Wasm;

/// <summary>A linear memory: a bounds-checked byte array measured in 64 KiB pages.</summary>
public sealed class Memory : Extern
{
    /// <summary>Bytes per WebAssembly page.</summary>
    public const int PageSize = 65536;

    /// <summary>The most pages a memory can have here: 2 GiB minus one page, the largest managed byte array.</summary>
    public const uint MaxPages = 32767;

    private readonly Store _store;
    private readonly uint? _maximum;

    /// <summary>Creates a memory owned by <paramref name="store"/>.</summary>
    /// <param name="store">The owning store (its page limit applies).</param>
    /// <param name="type">The memory's limits.</param>
    /// <exception cref="TrapException">The minimum exceeds the store's page limit.</exception>
    public Memory(Store store, MemoryType type)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _maximum = type.Limits.Maximum;
        if (type.Limits.Minimum > store.Limits.MaxMemoryPages)
        {
            throw new LinkException($"memory minimum of {type.Limits.Minimum} pages exceeds the store limit of {store.Limits.MaxMemoryPages} pages");
        }

        if (type.Limits.Minimum > MaxPages)
        {
            throw new LinkException($"memory minimum of {type.Limits.Minimum} pages exceeds this engine's maximum of {MaxPages} pages");
        }

        Data = new byte[(long)type.Limits.Minimum * PageSize];
    }

    /// <summary>The current contents; replaced on growth, so do not keep it across calls that may grow memory.</summary>
    internal byte[] Data;

    /// <inheritdoc/>
    public override ExternalKind Kind => ExternalKind.Memory;

    /// <summary>The memory's type with its current size as minimum.</summary>
    public MemoryType Type => new(new Limits(Pages, _maximum));

    /// <summary>The current size in pages.</summary>
    public uint Pages => (uint)(Data.LongLength / PageSize);

    /// <summary>The current size in bytes.</summary>
    public long Length => Data.LongLength;

    /// <summary>The whole memory as a span (invalidated by growth).</summary>
    public Span<byte> Span => Data;

    /// <inheritdoc/>
    public override string DescribeType() => $"memory {Pages} {_maximum?.ToString() ?? "none"}";

    /// <summary>Grows the memory by <paramref name="deltaPages"/> pages, as <c>memory.grow</c> does.</summary>
    /// <param name="deltaPages">Pages to add.</param>
    /// <returns>The previous size in pages, or -1 when the type's maximum, the store's limit or <see cref="MaxPages"/> forbids it.</returns>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        var wanted = (ulong)old + deltaPages;
        var cap = Math.Min((ulong)(_maximum ?? MaxPages), Math.Min(MaxPages, _store.Limits.MaxMemoryPages));
        if (wanted > cap)
        {
            return -1;
        }

        if (deltaPages != 0)
        {
            byte[] grown;
            try
            {
                grown = new byte[(long)wanted * PageSize];
            }
            catch (OutOfMemoryException)
            {
                return -1;
            }

            Data.CopyTo(grown, 0);
            Data = grown;
        }

        return (int)old;
    }

    /// <summary>A bounds-checked view of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    /// <param name="address">The start address.</param>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="TrapException">The range is outside the memory.</exception>
    public Span<byte> GetSpan(long address, int length)
    {
        CheckRange(address, length);
        return Data.AsSpan((int)address, length);
    }

    /// <summary>Reads a little-endian i32.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The value.</returns>
    public int ReadInt32(long address) => BinaryPrimitives.ReadInt32LittleEndian(GetSpan(address, 4));

    /// <summary>Writes a little-endian i32.</summary>
    /// <param name="address">The address.</param>
    /// <param name="value">The value.</param>
    public void WriteInt32(long address, int value) => BinaryPrimitives.WriteInt32LittleEndian(GetSpan(address, 4), value);

    /// <summary>Reads a little-endian i64.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The value.</returns>
    public long ReadInt64(long address) => BinaryPrimitives.ReadInt64LittleEndian(GetSpan(address, 8));

    /// <summary>Writes a little-endian i64.</summary>
    /// <param name="address">The address.</param>
    /// <param name="value">The value.</param>
    public void WriteInt64(long address, long value) => BinaryPrimitives.WriteInt64LittleEndian(GetSpan(address, 8), value);

    /// <summary>Throws the out-of-bounds trap unless [address, address+length) lies inside the memory.</summary>
    internal void CheckRange(long address, long length)
    {
        if (address < 0 || length < 0 || (ulong)address + (ulong)length > (ulong)Data.LongLength)
        {
            throw new TrapException(TrapKind.MemoryOutOfBounds);
        }
    }
}
