using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace WitSharp.Wasm;

/// <summary>
/// Reads the primitive encodings of the binary format (bytes, LEB128 integers, names, types) from a span whose
/// first byte sits at module offset <see cref="BaseOffset"/>. Every failure is a <see cref="MalformedModuleException"/>
/// carrying the module offset and the current <see cref="Context"/>.
/// </summary>
internal ref struct WasmReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _endReason;
    private int _position;

    /// <param name="data">The bytes to read.</param>
    /// <param name="baseOffset">Module offset of <paramref name="data"/>[0].</param>
    /// <param name="endReason">The reason reported when reading past the end ("unexpected end" for the whole module,
    /// "unexpected end of section or function" inside a section or body).</param>
    /// <param name="context">Section or function named in errors.</param>
    public WasmReader(ReadOnlySpan<byte> data, int baseOffset, string endReason, string? context)
    {
        _data = data;
        BaseOffset = baseOffset;
        _endReason = endReason;
        Context = context;
    }

    public int BaseOffset { get; }

    public string? Context { get; set; }

    /// <summary>Position relative to the start of the span.</summary>
    public int Position
    {
        readonly get => _position;
        set => _position = value;
    }

    /// <summary>Current module offset.</summary>
    public readonly int Offset => BaseOffset + _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly ReadOnlySpan<byte> Data => _data;

    public readonly MalformedModuleException Malformed(string reason) => new(reason, Offset, Context);

    public readonly MalformedModuleException MalformedAt(string reason, int offset) => new(reason, offset, Context);

    public readonly UnsupportedFeatureException Unsupported(string feature, int offset) => new(feature, offset, Context);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly MalformedModuleException UnexpectedEnd() => new(_endReason, BaseOffset + Math.Min(_position, _data.Length), Context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_data.Length)
        {
            throw UnexpectedEnd();
        }
        return _data[_position++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)_position >= (uint)_data.Length)
        {
            throw UnexpectedEnd();
        }
        return _data[_position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw UnexpectedEnd();
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public uint ReadFixedUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadFixedUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarUInt32()
    {
        if ((uint)_position < (uint)_data.Length)
        {
            var first = _data[_position];
            if (first < 0x80)
            {
                _position++;
                return first;
            }
        }
        return ReadVarUInt32Slow();
    }

    private uint ReadVarUInt32Slow()
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0)
                {
                    throw MalformedAt("integer representation too long", Offset - 1);
                }
                if ((b & 0x70) != 0)
                {
                    throw MalformedAt("integer too large", Offset - 1);
                }
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public int ReadVarInt32()
    {
        int result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0)
                {
                    throw MalformedAt("integer representation too long", Offset - 1);
                }
                // Bits 4..6 of the last byte lie beyond bit 31 and must repeat the sign bit (bit 3).
                var unused = b & 0x70;
                if (unused != ((b & 0x08) != 0 ? 0x70 : 0))
                {
                    throw MalformedAt("integer too large", Offset - 1);
                }
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (b & 0x40) != 0 ? result | (-1 << (shift + 7)) : result;
            }
        }
    }

    /// <summary>Reads a signed 33-bit LEB128 (block types); the result fits a long.</summary>
    public long ReadVarInt33()
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0)
                {
                    throw MalformedAt("integer representation too long", Offset - 1);
                }
                // Bits 5..6 of the last byte lie beyond bit 32 and must repeat the sign bit (bit 4).
                var unused = b & 0x60;
                if (unused != ((b & 0x10) != 0 ? 0x60 : 0))
                {
                    throw MalformedAt("integer too large", Offset - 1);
                }
                result |= (long)(b & 0x1F) << 28;
                return (b & 0x10) != 0 ? result | (-1L << 33) : result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (b & 0x40) != 0 ? result | (-1L << (shift + 7)) : result;
            }
        }
    }

    public long ReadVarInt64()
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0)
                {
                    throw MalformedAt("integer representation too long", Offset - 1);
                }
                // Only bit 0 is value bit 63; bits 1..6 must repeat it.
                if (b != 0x00 && b != 0x7F)
                {
                    throw MalformedAt("integer too large", Offset - 1);
                }
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (b & 0x40) != 0 && shift + 7 < 64 ? result | (-1L << (shift + 7)) : result;
            }
        }
    }

    /// <summary>Reads a vector length. Every element takes at least one byte, so a count beyond the remaining bytes is a
    /// truncation, reported before any caller allocates for it; <paramref name="limit"/> is the implementation limit.</summary>
    public int ReadCount(int limit, string what)
    {
        var start = Offset;
        var count = ReadVarUInt32();
        if (count > (uint)Remaining)
        {
            throw UnexpectedEnd();
        }
        if (count > (uint)limit)
        {
            throw MalformedAt($"too many {what}", start);
        }
        return (int)count;
    }

    public string ReadName()
    {
        var lengthOffset = Offset;
        var length = ReadVarUInt32();
        if (length > (uint)Remaining)
        {
            throw MalformedAt("length out of bounds", lengthOffset);
        }
        var start = Offset;
        var bytes = ReadBytes((int)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MalformedAt("malformed UTF-8 encoding", start);
        }
    }

    /// <summary>Reads a value type; proposals beyond the supported set are reported as unsupported.</summary>
    public ValueType ReadValueType()
    {
        var offset = Offset;
        var b = ReadByte();
        return b switch
        {
            0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F => (ValueType)b,
            _ => throw ValueTypeError(b, offset, "malformed value type"),
        };
    }

    public ValueType ReadReferenceType()
    {
        var offset = Offset;
        var b = ReadByte();
        return b switch
        {
            0x70 or 0x6F => (ValueType)b,
            0x7F or 0x7E or 0x7D or 0x7C or 0x7B => throw MalformedAt("malformed reference type", offset),
            _ => throw ValueTypeError(b, offset, "malformed reference type"),
        };
    }

    /// <summary>The error for a type byte outside the supported set: the proposal it belongs to, or malformed.</summary>
    public readonly ModuleLoadException ValueTypeError(byte b, int offset, string malformedReason) => b switch
    {
        0x64 or 0x63 => Unsupported("function-references", offset),
        0x69 => Unsupported("exception-handling", offset),
        >= 0x6A and <= 0x6E or >= 0x71 and <= 0x74 => Unsupported("gc", offset),
        _ => MalformedAt(malformedReason, offset),
    };

    /// <summary>Reads table or memory limits; <paramref name="isMemory"/> selects which flag bits belong to unsupported proposals.</summary>
    public Limits ReadLimits(bool isMemory)
    {
        var flagsOffset = Offset;
        var flags = ReadByte();
        if (flags > 0x01)
        {
            if (isMemory && (flags & 0x02) != 0 && flags <= 0x07)
            {
                throw Unsupported((flags & 0x04) != 0 ? "memory64" : "threads", flagsOffset);
            }
            if (flags is 0x04 or 0x05)
            {
                throw Unsupported("memory64", flagsOffset);
            }
            if (isMemory && flags is 0x08 or 0x09)
            {
                throw Unsupported("custom-page-sizes", flagsOffset);
            }
            throw MalformedAt("malformed limits flags", flagsOffset);
        }
        var minimum = ReadVarUInt32();
        uint? maximum = flags == 0x01 ? ReadVarUInt32() : null;
        return new Limits(minimum, maximum);
    }
}
