using System.Text;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Bounds-checked reader over a slice of the binary. Every failure is a <see cref="ComponentFormatException"/>
/// carrying the absolute offset and the section being read.
/// </summary>
internal sealed class ComponentByteReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] bytes;
    private readonly int end;

    public ComponentByteReader(byte[] bytes, int start, int end, string section)
    {
        this.bytes = bytes;
        Position = start;
        this.end = end;
        Section = section;
    }

    public int Position { get; private set; }

    public string Section { get; set; }

    public bool AtEnd => Position >= end;

    public int Remaining => end - Position;

    public ComponentFormatException Error(string problem) => new(problem, Section, Position);

    public ComponentFormatException ErrorAt(string problem, int offset) => new(problem, Section, offset);

    public UnsupportedComponentFeatureException Unsupported(string construct, int offset) => new(construct, Section, offset);

    public byte ReadByte()
    {
        if (Position >= end)
        {
            throw Error("unexpected end of data");
        }

        return bytes[Position++];
    }

    public byte PeekByte()
    {
        if (Position >= end)
        {
            throw Error("unexpected end of data");
        }

        return bytes[Position];
    }

    public uint ReadU32()
    {
        int start = Position;
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28 && (b & 0xF0) != 0)
            {
                throw ErrorAt("malformed LEB128 u32: too long or out of range", start);
            }

            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public ulong ReadU64()
    {
        int start = Position;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63 && (b & 0xFE) != 0)
            {
                throw ErrorAt("malformed LEB128 u64: too long or out of range", start);
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    /// <summary>Reads a vector length; every element takes at least one byte, which bounds allocations.</summary>
    public int ReadCount(string what)
    {
        int start = Position;
        uint count = ReadU32();
        if (count > (uint)Remaining)
        {
            throw ErrorAt($"{what} count {count} exceeds the {Remaining} bytes left", start);
        }

        return (int)count;
    }

    public string ReadName()
    {
        int start = Position;
        uint length = ReadU32();
        if (length > (uint)Remaining)
        {
            throw ErrorAt($"name length {length} exceeds the {Remaining} bytes left", start);
        }

        try
        {
            string name = StrictUtf8.GetString(bytes, Position, (int)length);
            Position += (int)length;
            return name;
        }
        catch (DecoderFallbackException)
        {
            throw ErrorAt("name is not valid UTF-8", start);
        }
    }

    public ReadOnlyMemory<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error($"{count} bytes requested but {Remaining} left");
        }

        var slice = new ReadOnlyMemory<byte>(bytes, Position, count);
        Position += count;
        return slice;
    }

    /// <summary>A reader over the next <paramref name="size"/> bytes; this reader skips past them.</summary>
    public ComponentByteReader Slice(int size, string section)
    {
        if (size < 0 || size > Remaining)
        {
            throw Error($"size {size} exceeds the {Remaining} bytes left");
        }

        var slice = new ComponentByteReader(bytes, Position, Position + size, section);
        Position += size;
        return slice;
    }

    /// <summary>The byte at an absolute offset already read, for error messages.</summary>
    public byte ByteAt(int offset) => bytes[offset];
}
