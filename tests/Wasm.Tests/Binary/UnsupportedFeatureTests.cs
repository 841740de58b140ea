using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Binary;

public class UnsupportedFeatureTests
{
    private static string Feature(byte[] binary) =>
        Assert.Throws<UnsupportedFeatureException>(() => Load(binary)).Feature;

    [Fact]
    public void RelaxedSimdInstructionInABodyNamesTheProposalAndTheFunction()
    {
        // f32x4.relaxed_madd (0xfd 0x105): fixed-width SIMD is supported, its relaxed successor is not.
        var binary = Module(
            TypeSection(FuncType([], [])), FunctionSection(0),
            CodeSection(Body([0xFD, 0x85, 0x02])),
            NameSection((0, "hot")));
        var error = Assert.Throws<UnsupportedFeatureException>(() => Load(binary));
        Assert.Equal("relaxed-simd", error.Feature);
        Assert.Contains("function 0 'hot'", error.Message);
    }

    [Fact]
    public void SharedMemoryIsThreads() => Assert.Equal("threads", Feature(Module(Section(5, Vec([0x03, 0x01, 0x02])))));

    [Fact]
    public void Memory64LimitsAreMemory64() => Assert.Equal("memory64", Feature(Module(Section(5, Vec([0x04, 0x01])))));

    [Fact]
    public void Table64LimitsAreMemory64() => Assert.Equal("memory64", Feature(Module(Section(4, Vec([FuncRef, 0x04, 0x01])))));

    [Fact]
    public void TagSectionIsExceptionHandling() => Assert.Equal("exception-handling", Feature(Module(Section(13, Vec()))));

    [Fact]
    public void TagImportIsExceptionHandling() =>
        Assert.Equal("exception-handling", Feature(Module(Section(2, Vec([.. Name("a"), .. Name("b"), 0x04, 0x00, 0x00])))));

    [Fact]
    public void RecursiveTypeGroupsAreGc() => Assert.Equal("gc", Feature(Module(Section(1, Vec([0x4E, 0x00])))));

    [Fact]
    public void TypedFunctionReferencesAreFunctionReferences() =>
        Assert.Equal("function-references", Feature(Module(TypeSection(FuncType([0x63, 0x70], [])))));

    [Fact]
    public void SecondMemoryIsMultiMemory() =>
        Assert.Equal("multi-memory", Feature(Module(Section(5, Vec([0x00, 0x01], [0x00, 0x01])))));

    [Fact]
    public void ReturnCallIsTailCall() => Assert.Equal("tail-call", Feature(SingleFunction([], [], [0x12, 0x00])));
}
