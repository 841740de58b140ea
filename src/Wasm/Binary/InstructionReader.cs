using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>The kind of a block's type annotation.</summary>
internal enum BlockTypeKind : byte
{
    /// <summary>No parameters, no results.</summary>
    Empty,
    /// <summary>No parameters, one result of <see cref="BlockType.ValueType"/>.</summary>
    Value,
    /// <summary>Parameters and results of the function type <see cref="BlockType.TypeIndex"/> (multi-value).</summary>
    TypeIndex,
}

/// <summary>The type annotation of <c>block</c>, <c>loop</c> and <c>if</c>.</summary>
internal readonly record struct BlockType(BlockTypeKind Kind, ValueType ValueType, uint TypeIndex);

/// <summary>
/// One decoded instruction. The meaning of <see cref="Index"/>, <see cref="Index2"/> and <see cref="Immediate"/> depends on the opcode:
/// <list type="bullet">
/// <item>br, br_if: Index = label depth. br_table: Index = target count, Index2 = default label (targets via <see cref="InstructionReader.GetBrTableTargets"/>).</item>
/// <item>call, ref.func: Index = function. call_indirect: Index = type, Index2 = table.</item>
/// <item>local.*, global.*: Index. table.get/set/grow/size/fill: Index = table. table.init: Index = element segment, Index2 = table.
/// table.copy: Index = destination table, Index2 = source table. elem.drop: Index = element segment.</item>
/// <item>loads/stores: Index = alignment exponent, Index2 = memory, Immediate = offset. memory.size/grow/fill: Index = memory.
/// memory.init: Index = data segment, Index2 = memory. memory.copy: Index = destination, Index2 = source. data.drop: Index = data segment.</item>
/// <item>i32/i64.const: Immediate = sign-extended value; f32/f64.const: Immediate = bit pattern.</item>
/// <item>ref.null: Index = the reference type byte. select with types: Index = type count, Immediate = first type byte.</item>
/// <item>block, loop, if: <see cref="BlockType"/>.</item>
/// <item>SIMD (0xFD00 | sub-opcode, see <see cref="SimdInstructions"/>): loads and stores as above, with <see cref="High"/> = lane
/// index for load/store_lane. v128.const and i8x16.shuffle: Immediate = bytes 0..7 and High = bytes 8..15 (little-endian).
/// extract_lane and replace_lane: Index = lane index.</item>
/// </list>
/// </summary>
internal readonly struct Instruction
{
    public Instruction(Opcode opcode, int offset, uint index, uint index2, ulong immediate, BlockType blockType, ulong high = 0)
    {
        High = high;
        Opcode = opcode;
        Offset = offset;
        Index = index;
        Index2 = index2;
        Immediate = immediate;
        BlockType = blockType;
    }

    public Opcode Opcode { get; }

    /// <summary>Module byte offset of the opcode.</summary>
    public int Offset { get; }

    public uint Index { get; }

    public uint Index2 { get; }

    public ulong Immediate { get; }

    /// <summary>The upper half of a 16-byte immediate, or a SIMD memory instruction's lane index.</summary>
    public ulong High { get; }

    public BlockType BlockType { get; }
}

/// <summary>Enumerates the label depths of a br_table (without the default).</summary>
internal ref struct BrTableTargets
{
    private WasmReader _reader;
    private uint _remaining;

    public BrTableTargets(WasmReader reader, uint count)
    {
        _reader = reader;
        _remaining = count;
    }

    public readonly uint Count => _remaining;

    public bool MoveNext(out uint label)
    {
        if (_remaining == 0)
        {
            label = 0;
            return false;
        }
        _remaining--;
        label = _reader.ReadVarUInt32();
        return true;
    }
}

/// <summary>
/// Decodes instructions one at a time from a function body or constant expression, without allocating. Shared by the
/// validator and the IL compiler. Unknown opcodes are malformed; opcodes of unsupported proposals raise
/// <see cref="UnsupportedFeatureException"/>.
/// </summary>
internal ref struct InstructionReader
{
    private WasmReader _reader;

    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset, string? context)
    {
        _reader = new WasmReader(code, baseOffset, "unexpected end of section or function", context);
    }

    internal InstructionReader(WasmReader reader)
    {
        _reader = reader;
    }

    public readonly bool AtEnd => _reader.AtEnd;

    /// <summary>The underlying byte reader, positioned after the last instruction read.</summary>
    public readonly WasmReader ByteReader => _reader;

    /// <summary>Module offset of the next instruction.</summary>
    public readonly int Offset => _reader.Offset;

    /// <summary>The label depths of a br_table read by this reader.</summary>
    public readonly BrTableTargets GetBrTableTargets(in Instruction brTable)
    {
        var targets = new WasmReader(_reader.Data, _reader.BaseOffset, "unexpected end of section or function", _reader.Context)
        {
            Position = (int)brTable.Immediate,
        };
        return new BrTableTargets(targets, brTable.Index);
    }

    public Instruction Read()
    {
        var offset = _reader.Offset;
        var code = _reader.ReadByte();
        switch (code)
        {
            case 0x00 or 0x01 or 0x05 or 0x0B or 0x0F or 0x1A or 0x1B or (>= 0x45 and <= 0xC4) or 0xD1:
                return Simple((Opcode)code, offset);
            case 0x02 or 0x03 or 0x04:
                return new Instruction((Opcode)code, offset, 0, 0, 0, ReadBlockType());
            case 0x0C or 0x0D or 0x10 or 0x20 or 0x21 or 0x22 or 0x23 or 0x24 or 0x25 or 0x26 or 0xD2:
                return WithIndex((Opcode)code, offset, _reader.ReadVarUInt32());
            case 0x0E:
                return ReadBrTable(offset);
            case 0x11:
            {
                var typeIndex = _reader.ReadVarUInt32();
                var tableIndex = _reader.ReadVarUInt32();
                return new Instruction(Opcode.CallIndirect, offset, typeIndex, tableIndex, 0, default);
            }
            case 0x1C:
                return ReadTypedSelect(offset);
            case >= 0x28 and <= 0x3E:
                return ReadMemoryAccess((Opcode)code, offset);
            case 0x3F or 0x40:
                return WithIndex((Opcode)code, offset, ReadZeroByte());
            case 0x41:
                return new Instruction(Opcode.I32Const, offset, 0, 0, (ulong)(long)_reader.ReadVarInt32(), default);
            case 0x42:
                return new Instruction(Opcode.I64Const, offset, 0, 0, (ulong)_reader.ReadVarInt64(), default);
            case 0x43:
                return new Instruction(Opcode.F32Const, offset, 0, 0, _reader.ReadFixedUInt32(), default);
            case 0x44:
                return new Instruction(Opcode.F64Const, offset, 0, 0, _reader.ReadFixedUInt64(), default);
            case 0xD0:
                return WithIndex(Opcode.RefNull, offset, (uint)ReadHeapType());
            case 0xFC:
                return ReadPrefixed(offset);
            case 0xFD:
                return ReadSimd(offset);
            default:
                throw UnknownOpcode(code, offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Instruction Simple(Opcode opcode, int offset) => new(opcode, offset, 0, 0, 0, default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Instruction WithIndex(Opcode opcode, int offset, uint index) => new(opcode, offset, index, 0, 0, default);

    private readonly ModuleLoadException UnknownOpcode(byte code, int offset) => code switch
    {
        0x06 or 0x07 or 0x08 or 0x09 or 0x0A or 0x18 or 0x19 or 0x1F => _reader.Unsupported("exception-handling", offset),
        0x12 or 0x13 => _reader.Unsupported("tail-call", offset),
        0x14 or 0x15 or 0xD3 or 0xD4 or 0xD6 => _reader.Unsupported("function-references", offset),
        0xD5 or 0xFB => _reader.Unsupported("gc", offset),
        0xFE => _reader.Unsupported("threads", offset),
        _ => _reader.MalformedAt($"illegal opcode {code:x2}", offset),
    };

    private BlockType ReadBlockType()
    {
        var offset = _reader.Offset;
        var b = _reader.PeekByte();
        if (b == 0x40)
        {
            _reader.Position++;
            return new BlockType(BlockTypeKind.Empty, default, 0);
        }
        if ((b & 0xC0) == 0x40)
        {
            // A single-byte negative s33 is a value type.
            _reader.Position++;
            return b switch
            {
                0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F => new BlockType(BlockTypeKind.Value, (ValueType)b, 0),
                _ => throw _reader.ValueTypeError(b, offset, "malformed value type"),
            };
        }
        var index = _reader.ReadVarInt33();
        if (index < 0)
        {
            throw _reader.MalformedAt("malformed value type", offset);
        }
        return new BlockType(BlockTypeKind.TypeIndex, default, (uint)index);
    }

    private Instruction ReadBrTable(int offset)
    {
        var countOffset = _reader.Offset;
        var count = _reader.ReadVarUInt32();
        if (count > (uint)_reader.Remaining)
        {
            throw _reader.MalformedAt("unexpected end of section or function", countOffset);
        }
        var targetsPosition = _reader.Position;
        for (var i = 0u; i < count; i++)
        {
            _reader.ReadVarUInt32();
        }
        var defaultLabel = _reader.ReadVarUInt32();
        return new Instruction(Opcode.BrTable, offset, count, defaultLabel, (ulong)targetsPosition, default);
    }

    private Instruction ReadTypedSelect(int offset)
    {
        var countOffset = _reader.Offset;
        var count = _reader.ReadVarUInt32();
        if (count > (uint)_reader.Remaining)
        {
            throw _reader.MalformedAt("unexpected end of section or function", countOffset);
        }
        ulong first = 0;
        for (var i = 0u; i < count; i++)
        {
            var type = _reader.ReadValueType();
            if (i == 0)
            {
                first = (ulong)type;
            }
        }
        return new Instruction(Opcode.SelectTyped, offset, count, 0, first, default);
    }

    private Instruction ReadMemoryAccess(Opcode opcode, int offset)
    {
        var alignOffset = _reader.Offset;
        var align = _reader.ReadVarUInt32();
        uint memory = 0;
        // Bit 6 of the alignment field announces an explicit memory index (multi-memory encoding).
        if ((align & 0x40) != 0)
        {
            align &= ~0x40u;
            memory = _reader.ReadVarUInt32();
        }
        if (align >= 0x40)
        {
            throw _reader.MalformedAt("malformed memop flags", alignOffset);
        }
        var memoryOffset = _reader.ReadVarUInt32();
        return new Instruction(opcode, offset, align, memory, memoryOffset, default);
    }

    private uint ReadZeroByte()
    {
        var offset = _reader.Offset;
        if (_reader.ReadByte() != 0)
        {
            throw _reader.MalformedAt("zero byte expected", offset);
        }
        return 0;
    }

    private ValueType ReadHeapType()
    {
        var offset = _reader.Offset;
        var b = _reader.ReadByte();
        return b switch
        {
            0x70 or 0x6F => (ValueType)b,
            _ => throw _reader.ValueTypeError(b, offset, "malformed reference type"),
        };
    }

    private Instruction ReadPrefixed(int offset)
    {
        var sub = _reader.ReadVarUInt32();
        var opcode = (Opcode)(0xFC00 | (sub & 0xFF));
        switch (sub)
        {
            case <= 7:
                return Simple(opcode, offset);
            case 8:
            {
                var data = _reader.ReadVarUInt32();
                return new Instruction(opcode, offset, data, ReadZeroByte(), 0, default);
            }
            case 9 or 13:
                return WithIndex(opcode, offset, _reader.ReadVarUInt32());
            case 10:
            {
                var destination = ReadZeroByte();
                return new Instruction(opcode, offset, destination, ReadZeroByte(), 0, default);
            }
            case 11:
                return WithIndex(opcode, offset, ReadZeroByte());
            case 12:
            {
                var element = _reader.ReadVarUInt32();
                return new Instruction(opcode, offset, element, _reader.ReadVarUInt32(), 0, default);
            }
            case 14:
            {
                var destination = _reader.ReadVarUInt32();
                return new Instruction(opcode, offset, destination, _reader.ReadVarUInt32(), 0, default);
            }
            case 15 or 16 or 17:
                return WithIndex(opcode, offset, _reader.ReadVarUInt32());
            default:
                throw _reader.MalformedAt($"illegal opcode fc {sub:x2}", offset);
        }
    }

    private Instruction ReadSimd(int offset)
    {
        var sub = _reader.ReadVarUInt32();
        var opcode = (Opcode)(0xFD00 | (sub & 0xFF));
        switch (SimdInstructions.Get(sub)?.Shape)
        {
            case SimdShape.Load or SimdShape.Store:
                return ReadMemoryAccess(opcode, offset);
            case SimdShape.LoadLane or SimdShape.StoreLane:
            {
                var access = ReadMemoryAccess(opcode, offset);
                return new Instruction(opcode, offset, access.Index, access.Index2, access.Immediate, default, _reader.ReadByte());
            }
            case SimdShape.Const or SimdShape.Shuffle:
            {
                var low = _reader.ReadFixedUInt64();
                return new Instruction(opcode, offset, 0, 0, low, default, _reader.ReadFixedUInt64());
            }
            case SimdShape.ExtractLane or SimdShape.ReplaceLane:
                return WithIndex(opcode, offset, _reader.ReadByte());
            case null:
                // 0x100 to 0x113 are the relaxed-simd proposal's instructions, which this engine does not implement.
                throw sub is >= 0x100 and <= 0x113
                    ? _reader.Unsupported("relaxed-simd", offset)
                    : _reader.MalformedAt($"illegal opcode fd {sub:x2}", offset);
            default:
                return Simple(opcode, offset);
        }
    }
}
