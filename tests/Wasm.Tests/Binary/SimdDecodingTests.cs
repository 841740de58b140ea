using System.Reflection;
using System.Runtime.Intrinsics;

namespace WitSharp.Wasm.Tests.Binary;

public class SimdDecodingTests
{
    private static Instruction ReadOne(byte[] code)
    {
        var reader = new InstructionReader(code, 0, "test");
        var instruction = reader.Read();
        Assert.True(reader.AtEnd, "the instruction did not consume all its immediates");
        return instruction;
    }

    [Fact]
    public void SixteenByteImmediatesAreSplitIntoLowAndHighHalves()
    {
        var constant = ReadOne([0xFD, 0x0C, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        Assert.Equal(Opcode.V128Const, constant.Opcode);
        Assert.Equal(0x0706050403020100UL, constant.Immediate);
        Assert.Equal(0x0F0E0D0C0B0A0908UL, constant.High);

        var shuffle = ReadOne([0xFD, 0x0D, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
        Assert.Equal("i8x16.shuffle", SimdInstructions.Of(shuffle.Opcode).Name);
        Assert.Equal(0x18191A1B1C1D1E1FUL, shuffle.Immediate);
        Assert.Equal(0x1011121314151617UL, shuffle.High);
    }

    [Fact]
    public void LaneInstructionsCarryTheirMemargAndLane()
    {
        // v128.store32_lane align=4 offset=0x81 lane 3; the sub-opcode 0x5a written as a two-byte LEB128.
        var store = ReadOne([0xFD, 0xDA, 0x00, 0x02, 0x81, 0x01, 0x03]);
        Assert.Equal("v128.store32_lane", SimdInstructions.Of(store.Opcode).Name);
        Assert.Equal(2u, store.Index);
        Assert.Equal(0x81UL, store.Immediate);
        Assert.Equal(3UL, store.High);

        var extract = ReadOne([0xFD, 0x21, 0x01]);
        Assert.Equal("f64x2.extract_lane", SimdInstructions.Of(extract.Opcode).Name);
        Assert.Equal(1u, extract.Index);
    }

    [Fact]
    public void TheTableHoldsTheFinalProposalsInstructionsEachWithAHelper()
    {
        var instructions = Enumerable.Range(0, 256).Select(code => SimdInstructions.Get((uint)code)).OfType<SimdInstruction>().ToList();
        Assert.Equal(236, instructions.Count);
        Assert.Equal(instructions.Count, instructions.Select(instruction => instruction.Name).Distinct().Count());
        foreach (var instruction in instructions)
        {
            var helper = typeof(SimdOps).GetMethod(instruction.HelperName, BindingFlags.Public | BindingFlags.Static);
            Assert.True(helper is not null, $"no helper for {instruction.Name}");
            var vectors = helper.GetParameters().Count(parameter => parameter.ParameterType == typeof(Vector128<byte>));
            var expected = instruction.Shape switch
            {
                SimdShape.Load or SimdShape.Splat or SimdShape.Const => 0,
                SimdShape.Binary => 2,
                SimdShape.Ternary or SimdShape.Shuffle => 3, // the shuffle's lane indices come as a vector
                _ => 1,
            };
            Assert.True(expected == vectors, $"{instruction.Name} takes {vectors} vectors, expected {expected}");
        }
    }

    [Theory]
    [InlineData(0x100u)]
    [InlineData(0x113u)]
    public void RelaxedSimdSubOpcodesAreNotInTheTable(uint code) => Assert.Null(SimdInstructions.Get(code));
}
