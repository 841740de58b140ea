using System.Buffers.Binary;

namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// A guest instance's linear memory as the generated bindings see it. Memory may grow during any call into the
/// guest, so callers re-read <see cref="Bytes"/> after every call instead of caching a span.
/// All loads and stores are little-endian and bounds- and alignment-checked; violations trap.
/// </summary>
public abstract class GuestMemory
{
    /// <summary>The current contents of linear memory.</summary>
    public abstract Span<byte> Bytes { get; }

    /// <summary>The guard of the component instance this memory belongs to, which counts what lifts read (see
    /// <see cref="InstanceGuard.CountLifted"/>); none for a memory outside a component instance.</summary>
    internal InstanceGuard? LiftGuard { get; set; }

    /// <summary>Counts a string or list block of <paramref name="byteLength"/> bytes a lift reads.</summary>
    internal void CountLifted(long byteLength) => LiftGuard?.CountLifted(byteLength, this);

    /// <summary>Checks that <paramref name="length"/> bytes at <paramref name="pointer"/> lie inside memory and
    /// that the pointer is aligned to <paramref name="alignment"/>; returns the region.</summary>
    /// <param name="what">The kind of value being accessed, for the trap message (e.g. "string").</param>
    /// <param name="pointer">Guest address (an unsigned 32-bit value carried in an int).</param>
    /// <param name="length">Byte length of the region.</param>
    /// <param name="alignment">Required alignment in bytes (a power of two).</param>
    public Span<byte> Region(string what, int pointer, long length, int alignment)
    {
        var bytes = Bytes;
        var start = (uint)pointer;
        if ((start & (uint)(alignment - 1)) != 0)
        {
            throw new CanonicalAbiTrapException(
                $"{what} (ptr=0x{start:x}) is not aligned to {alignment} bytes");
        }

        if (length < 0 || start + (ulong)length > (ulong)bytes.Length)
        {
            throw new CanonicalAbiTrapException(
                $"{what} (ptr=0x{start:x}, len={length}) is out of bounds of guest memory (size {bytes.Length})");
        }

        return bytes.Slice((int)start, (int)length);
    }

    /// <summary>Loads a byte.</summary>
    public byte LoadU8(int pointer) => Region("u8", pointer, 1, 1)[0];

    /// <summary>Loads a little-endian 16-bit value.</summary>
    public ushort LoadU16(int pointer) => BinaryPrimitives.ReadUInt16LittleEndian(Region("u16", pointer, 2, 2));

    /// <summary>Loads a little-endian 32-bit value.</summary>
    public uint LoadU32(int pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Region("u32", pointer, 4, 4));

    /// <summary>Loads a little-endian 64-bit value.</summary>
    public ulong LoadU64(int pointer) => BinaryPrimitives.ReadUInt64LittleEndian(Region("u64", pointer, 8, 8));

    /// <summary>Stores a byte.</summary>
    public void StoreU8(int pointer, byte value) => Region("u8", pointer, 1, 1)[0] = value;

    /// <summary>Stores a little-endian 16-bit value.</summary>
    public void StoreU16(int pointer, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(Region("u16", pointer, 2, 2), value);

    /// <summary>Stores a little-endian 32-bit value.</summary>
    public void StoreU32(int pointer, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(Region("u32", pointer, 4, 4), value);

    /// <summary>Stores a little-endian 64-bit value.</summary>
    public void StoreU64(int pointer, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(Region("u64", pointer, 8, 8), value);
}
