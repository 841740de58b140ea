using System.Buffers.Binary;

namespace WitSharp.Wasm;

/// <summary>
/// A linear memory measured in 64 KiB pages, up to 4 GiB. Its bytes live in address space reserved for the largest
/// size it may reach (its maximum, the store's page limit and 4 GiB, whichever is smallest), so they never move when
/// it grows; every access is bounds-checked against the current size.
/// </summary>
public sealed unsafe class Memory : Extern
{
    /// <summary>Bytes per WebAssembly page.</summary>
    public const int PageSize = 65536;

    /// <summary>The most pages a memory can have: 4 GiB, the whole 32-bit address space.</summary>
    public const uint MaxPages = 65536;

    private readonly uint? _maximum;
    private readonly uint _capPages;
    private readonly MemoryReservation _reservation;

    /// <summary>The first byte; stable for the memory's lifetime. Compiled code keeps it in a local.</summary>
    internal readonly nint Base;

    /// <summary>The current size in bytes; compiled code reloads it after anything that can grow the memory.</summary>
    internal ulong ByteLength;

    /// <summary>Creates a memory owned by <paramref name="store"/>.</summary>
    /// <param name="store">The owning store (its page limit applies).</param>
    /// <param name="type">The memory's limits.</param>
    /// <exception cref="TrapException">The minimum exceeds the store's page limit.</exception>
    public Memory(Store store, MemoryType type)
    {
        ArgumentNullException.ThrowIfNull(store);
        _maximum = type.Limits.Maximum;
        if (type.Limits.Minimum > store.Limits.MaxMemoryPages)
        {
            throw new LinkException($"memory minimum of {type.Limits.Minimum} pages exceeds the store limit of {store.Limits.MaxMemoryPages} pages");
        }

        if (type.Limits.Minimum > MaxPages)
        {
            throw new LinkException($"memory minimum of {type.Limits.Minimum} pages exceeds this engine's maximum of {MaxPages} pages");
        }

        _capPages = Math.Min(_maximum ?? MaxPages, Math.Min(MaxPages, store.Limits.MaxMemoryPages));
        _reservation = MemoryReservation.Reserve((ulong)_capPages * PageSize)
            ?? throw new LinkException($"the system refused to reserve address space for a memory of up to {_capPages} pages");
        if (!_reservation.TryMakeAccessible((ulong)type.Limits.Minimum * PageSize))
        {
            throw new LinkException($"the system refused to provide {type.Limits.Minimum} pages of memory");
        }

        Base = (nint)_reservation.Base;
        ByteLength = (ulong)type.Limits.Minimum * PageSize;

        // Compiled code holds the raw base address while it runs, and every running frame keeps its store alive, so
        // the store keeps the memory (and with it the reservation) alive.
        store.Retain(this);
    }

    /// <inheritdoc/>
    public override ExternalKind Kind => ExternalKind.Memory;

    /// <summary>The memory's type with its current size as minimum.</summary>
    public MemoryType Type => new(new Limits(Pages, _maximum));

    /// <summary>The current size in pages.</summary>
    public uint Pages => (uint)(ByteLength / PageSize);

    /// <summary>The current size in bytes.</summary>
    public long Length => (long)ByteLength;

    /// <summary>
    /// The memory's current bytes as a span (growth does not move them; the span just does not see new pages). A span
    /// cannot exceed 2 GiB: for larger memories it covers the first 2 GiB; use <see cref="GetSpan"/> beyond.
    /// </summary>
    public Span<byte> Span => new((void*)Base, (int)Math.Min(ByteLength, (ulong)Array.MaxLength));

    /// <inheritdoc/>
    public override string DescribeType() => $"memory {Pages} {_maximum?.ToString() ?? "none"}";

    /// <summary>Grows the memory by <paramref name="deltaPages"/> pages, as <c>memory.grow</c> does.</summary>
    /// <param name="deltaPages">Pages to add.</param>
    /// <returns>The previous size in pages, or -1 when the type's maximum, the store's limit or <see cref="MaxPages"/> forbids it.</returns>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        var wanted = (ulong)old + deltaPages;
        if (wanted > _capPages || !_reservation.TryMakeAccessible(wanted * PageSize))
        {
            return -1;
        }

        ByteLength = wanted * PageSize;
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
        return new Span<byte>((byte*)Base + address, length);
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
        if (address < 0 || length < 0 || (ulong)address + (ulong)length > ByteLength)
        {
            throw new TrapException(TrapKind.MemoryOutOfBounds);
        }
    }
}
