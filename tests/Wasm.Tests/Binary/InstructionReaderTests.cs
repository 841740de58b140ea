using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Binary;

public class InstructionReaderTests
{
    private static List<Instruction> ReadAll(byte[] code, int baseOffset = 0)
    {
        var reader = new InstructionReader(code, baseOffset, "test");
        var result = new List<Instruction>();
        while (!reader.AtEnd)
        {
            result.Add(reader.Read());
        }
        return result;
    }

    [Fact]
    public void DecodesImmediatesAndOffsets()
    {
        byte[] code =
        [
            0x41, .. S64(-2), // i32.const -2
            0x42, .. S64(long.MaxValue), // i64.const
            0x43, 0x00, 0x00, 0x80, 0x3F, // f32.const 1.0
            0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // f64.const 1.0
            0x28, 0x02, 0x10, // i32.load align=4 offset=16
            0x11, 0x03, 0x01, // call_indirect type 3 table 1
            0x02, 0x40, // block (empty)
            0x03, I64, // loop (result i64)
            0x04, 0x05, // if (type 5)
            0xD0, ExternRef,
            0x1C, 0x01, F32, // select (result f32)
            0x3F, 0x00, // memory.size
        ];
        var instructions = ReadAll(code, 1000);
        Assert.Equal(Opcode.I32Const, instructions[0].Opcode);
        Assert.Equal(-2, (int)(long)instructions[0].Immediate);
        Assert.Equal(1000, instructions[0].Offset);
        Assert.Equal(long.MaxValue, (long)instructions[1].Immediate);
        Assert.Equal(1.0f, BitConverter.Int32BitsToSingle((int)instructions[2].Immediate));
        Assert.Equal(1.0, BitConverter.Int64BitsToDouble((long)instructions[3].Immediate));
        Assert.Equal((2u, 0u, 16ul), (instructions[4].Index, instructions[4].Index2, instructions[4].Immediate));
        Assert.Equal((3u, 1u), (instructions[5].Index, instructions[5].Index2));
        Assert.Equal(BlockTypeKind.Empty, instructions[6].BlockType.Kind);
        Assert.Equal(new BlockType(BlockTypeKind.Value, ValueType.I64, 0), instructions[7].BlockType);
        Assert.Equal(new BlockType(BlockTypeKind.TypeIndex, default, 5), instructions[8].BlockType);
        Assert.Equal((uint)ValueType.ExternRef, instructions[9].Index);
        Assert.Equal((1u, (ulong)ValueType.F32), (instructions[10].Index, instructions[10].Immediate));
        Assert.Equal(Opcode.MemorySize, instructions[11].Opcode);
    }

    [Fact]
    public void BrTableTargetsCanBeEnumeratedAfterReading()
    {
        byte[] code = [0x0E, 0x03, 0x00, 0x81, 0x01, 0x02, 0x04, 0x01];
        var reader = new InstructionReader(code, 0, null);
        var brTable = reader.Read();
        Assert.Equal((3u, 4u), (brTable.Index, brTable.Index2));
        var targets = reader.GetBrTableTargets(brTable);
        var labels = new List<uint>();
        while (targets.MoveNext(out var label))
        {
            labels.Add(label);
        }
        Assert.Equal([0u, 129u, 2u], labels);
        Assert.Equal(Opcode.Nop, reader.Read().Opcode);
    }

    [Fact]
    public void DecodesPrefixedInstructions()
    {
        byte[] code =
        [
            0xFC, 0x00, // i32.trunc_sat_f32_s
            0xFC, 0x08, 0x02, 0x00, // memory.init 2
            0xFC, 0x0A, 0x00, 0x00, // memory.copy
            0xFC, 0x0C, 0x05, 0x01, // table.init elem 5 table 1
            0xFC, 0x0E, 0x01, 0x02, // table.copy 1 2
            0xFC, 0x91, 0x00, 0x00, // table.fill table 0 (sub-opcode 17 as a two-byte LEB)
        ];
        var instructions = ReadAll(code);
        Assert.Equal(
            [Opcode.I32TruncSatF32S, Opcode.MemoryInit, Opcode.MemoryCopy, Opcode.TableInit, Opcode.TableCopy, Opcode.TableFill],
            instructions.Select(i => i.Opcode));
        Assert.Equal(2u, instructions[1].Index);
        Assert.Equal((5u, 1u), (instructions[3].Index, instructions[3].Index2));
        Assert.Equal((1u, 2u), (instructions[4].Index, instructions[4].Index2));
    }

    [Theory]
    [InlineData(new byte[] { 0xC5 }, "illegal opcode c5")]
    [InlineData(new byte[] { 0xFC, 0x12 }, "illegal opcode fc 12")]
    [InlineData(new byte[] { 0x3F, 0x01 }, "zero byte expected")]
    [InlineData(new byte[] { 0xFC, 0x0B, 0x01 }, "zero byte expected")]
    [InlineData(new byte[] { 0x41, 0x80 }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0xD0, 0x7F }, "malformed reference type")]
    [InlineData(new byte[] { 0x02, 0x50 }, "malformed value type")]
    [InlineData(new byte[] { 0x28, 0x80, 0x01, 0x00 }, "malformed memop flags")]
    [InlineData(new byte[] { 0xFD, 0x9A, 0x01 }, "illegal opcode fd 9a")]
    [InlineData(new byte[] { 0xFD, 0x94, 0x02 }, "illegal opcode fd 114")]
    [InlineData(new byte[] { 0xFD, 0x0C, 0x01, 0x02, 0x03 }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0xFD, 0x0D, 0x00 }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0xFD, 0x15 }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0xFD, 0x54, 0x00, 0x00 }, "unexpected end of section or function")]
    public void MalformedInstructionsAreRejected(byte[] code, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => ReadAll(code));
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFD, 0x80, 0x02 }, "relaxed-simd", 40)]
    [InlineData(new byte[] { 0xFD, 0x93, 0x02 }, "relaxed-simd", 40)]
    [InlineData(new byte[] { 0xFE, 0x00 }, "threads", 40)]
    [InlineData(new byte[] { 0x06, 0x40 }, "exception-handling", 40)]
    [InlineData(new byte[] { 0x08, 0x00 }, "exception-handling", 40)]
    [InlineData(new byte[] { 0x12, 0x00 }, "tail-call", 40)]
    [InlineData(new byte[] { 0x14, 0x00 }, "function-references", 40)]
    [InlineData(new byte[] { 0xFB, 0x00 }, "gc", 40)]
    public void OpcodesOfUnsupportedProposalsAreNamed(byte[] code, string feature, long offset)
    {
        var error = Assert.Throws<UnsupportedFeatureException>(() => ReadAll(code, 40));
        Assert.Equal(feature, error.Feature);
        Assert.Equal(offset, error.Offset);
        Assert.StartsWith($"feature '{feature}' is not supported", error.Message);
    }
}
