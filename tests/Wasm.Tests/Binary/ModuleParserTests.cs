using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Binary;

public class ModuleParserTests
{
    private static MalformedModuleException Malformed(byte[] binary) =>
        Assert.Throws<MalformedModuleException>(() => ModuleParser.Parse(binary));

    [Fact]
    public void EmptyModuleDecodes()
    {
        var module = ModuleParser.Parse(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Code);
        Assert.Null(module.StartFunction);
        Assert.Null(module.DataCount);
    }

    [Theory]
    [InlineData(new byte[0], "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x01, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00 }, "unknown binary version")]
    public void HeaderErrorsAreMalformed(byte[] binary, string reason) => Assert.Equal(reason, Malformed(binary).Reason);

    [Fact]
    public void UnknownSectionIdIsMalformedWithItsOffset()
    {
        var error = Malformed([.. Header, 0x0E, 0x00]);
        Assert.Equal("malformed section id", error.Reason);
        Assert.Equal(8, error.Offset);
    }

    [Fact]
    public void SectionsOutOfOrderOrRepeatedAreMalformed()
    {
        var type = TypeSection(FuncType([], []));
        Assert.Equal("unexpected content after last section", Malformed(Module(type, type)).Reason);
        Assert.Equal("unexpected content after last section", Malformed(Module(FunctionSection(), type)).Reason);
        // The data count section sits between element and code, despite its larger id.
        Assert.Equal("unexpected content after last section", Malformed(Module(CodeSection(), Section(12, U32(0)))).Reason);
    }

    [Fact]
    public void CustomSectionsMayAppearAnywhereAndAreKept()
    {
        var custom = Section(0, Name("component-type:world"), [1, 2, 3]);
        var module = ModuleParser.Parse(Module(custom, TypeSection(FuncType([], [])), custom));
        Assert.Equal(2, module.CustomSections.Length);
        Assert.Equal("component-type:world", module.CustomSections[0].Name);
        Assert.Equal([1, 2, 3], module.CustomSections[1].Content.ToArray());
    }

    [Fact]
    public void SectionSizeErrorsAreReported()
    {
        // Declared size larger than the module.
        Assert.Equal("length out of bounds", Malformed([.. Header, 0x01, 0x10, 0x00]).Reason);
        // Type section declares 5 bytes but its one type needs only 4.
        Assert.Equal("section size mismatch", Malformed([.. Header, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]).Reason);
        // Type section declares 3 bytes but the type runs past them.
        Assert.Equal("unexpected end of section or function", Malformed([.. Header, 0x01, 0x03, 0x01, 0x60, 0x00, 0x00]).Reason);
    }

    [Fact]
    public void HugeVectorCountsFailWithoutAllocating()
    {
        Assert.Equal("unexpected end of section or function", Malformed([.. Header, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).Reason);
        Assert.Equal("unexpected end of section or function", Malformed([.. Header, 0x03, 0x03, 0xE8, 0x07, 0x00]).Reason);
        var memories = Section(5, Vec([.. Enumerable.Repeat<byte[]>([0x00, 0x00], DecoderLimits.MaxMemories + 1)]));
        var error = Malformed(Module(memories));
        Assert.Equal("too many memories", error.Reason);
        Assert.Equal(Header.Length + 3, error.Offset); // after the section id and its two-byte size
    }

    [Fact]
    public void TypesAndValueTypesDecode()
    {
        var module = ModuleParser.Parse(Module(TypeSection(FuncType([I32, I64, F32, F64], [FuncRef, ExternRef]))));
        Assert.Equal([ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64], module.Types[0].Parameters);
        Assert.Equal([ValueType.FuncRef, ValueType.ExternRef], module.Types[0].Results);
        Assert.Equal("malformed value type", Malformed(Module(TypeSection(FuncType([0x42], [])))).Reason);
        Assert.Equal("malformed functype", Malformed(Module(Section(1, Vec([0x61, 0x00, 0x00])))).Reason);
    }

    [Fact]
    public void ImportsFillTheIndexSpacesFirst()
    {
        var imports = Section(2, Vec(
            [.. Name("env"), .. Name("f"), 0x00, 0x00],
            [.. Name("env"), .. Name("t"), 0x01, FuncRef, 0x01, 0x01, 0x02],
            [.. Name("env"), .. Name("m"), 0x02, 0x00, 0x01],
            [.. Name("env"), .. Name("g"), 0x03, I64, 0x01]));
        var module = ModuleParser.Parse(Module(TypeSection(FuncType([], [])), imports, FunctionSection(0), CodeSection(Body([]))));
        Assert.Equal(4, module.Imports.Length);
        Assert.Equal(1, module.ImportedFunctionCount);
        Assert.Equal(2, module.FunctionTypeIndices.Length);
        Assert.Equal(1u, module.Code[0].FunctionIndex);
        Assert.Equal(new TableType(ValueType.FuncRef, new Limits(1, 2)), module.Tables[0]);
        Assert.Equal(new Limits(1, null), module.Memories[0].Limits);
        Assert.Equal(new GlobalType(ValueType.I64, true), module.GlobalTypes[0]);
        Assert.Equal(("env", "g", ExternalKind.Global), (module.Imports[3].Module, module.Imports[3].Name, module.Imports[3].Kind));
    }

    [Fact]
    public void ImportErrorsAreMalformed()
    {
        var badKind = Section(2, Vec([.. Name("a"), .. Name("b"), 0x05, 0x00]));
        Assert.Equal("malformed import kind", Malformed(Module(badKind)).Reason);
        var badMutability = Section(2, Vec([.. Name("a"), .. Name("b"), 0x03, I32, 0x02]));
        Assert.Equal("malformed mutability", Malformed(Module(badMutability)).Reason);
        var badUtf8 = Section(2, Vec([0x01, 0xFF, .. Name("b"), 0x00, 0x00]));
        Assert.Equal("malformed UTF-8 encoding", Malformed(Module(badUtf8)).Reason);
        Assert.Equal("malformed reference type", Malformed(Module(Section(4, Vec([I32, 0x00, 0x00])))).Reason);
    }

    [Fact]
    public void FunctionAndCodeCountsMustAgree()
    {
        var type = TypeSection(FuncType([], []));
        Assert.Equal("function and code section have inconsistent lengths", Malformed(Module(type, FunctionSection(0))).Reason);
        Assert.Equal("function and code section have inconsistent lengths", Malformed(Module(type, FunctionSection(0), CodeSection())).Reason);
        Assert.Equal("function and code section have inconsistent lengths", Malformed(Module(type, CodeSection(Body([])))).Reason);
    }

    [Fact]
    public void LocalsAreGroupedAndBoundedAndBodiesKeepTheirOffsets()
    {
        var binary = SingleFunction([], [], [0x01], (2, I32), (1, F64));
        var module = ModuleParser.Parse(binary);
        var function = module.Code[0];
        Assert.Equal([ValueType.I32, ValueType.I32, ValueType.F64], function.ExpandLocals());
        Assert.Equal(3, function.LocalCount);
        Assert.Equal(ValueType.I32, function.GetLocalType(1));
        Assert.Equal(ValueType.F64, function.GetLocalType(2));
        Assert.Equal([0x01, End], function.Body.ToArray());
        Assert.Equal(0x01, binary[function.BodyOffset]);

        var tooMany = SingleFunction([], [], [], (40_000, I32), (40_000, I64));
        Assert.Equal("too many locals", Malformed(tooMany).Reason);
        var overflow = SingleFunction([], [], [], (uint.MaxValue, I32), (uint.MaxValue, I32));
        Assert.Equal("too many locals", Malformed(overflow).Reason);
    }

    [Fact]
    public void GlobalsExportsAndStartDecode()
    {
        var globals = Section(6, Vec([I32, 0x00, 0x41, .. S64(-5), End], [I64, 0x01, 0x42, .. S64(long.MinValue), End]));
        var module = ModuleParser.Parse(Module(
            TypeSection(FuncType([], [])), FunctionSection(0), globals,
            ExportSection(Export("run", 0, 0), Export("g", 3, 1)), Section(8, U32(0)), CodeSection(Body([]))));
        Assert.Equal(new ConstantInstruction(Opcode.I32Const, unchecked((ulong)-5L)), module.Globals[0].Initializer.Instructions.Single());
        Assert.Equal(new ConstantInstruction(Opcode.I64Const, unchecked((ulong)long.MinValue)), module.Globals[1].Initializer.Instructions.Single());
        Assert.Equal(("g", ExternalKind.Global, 1u), (module.Exports[1].Name, module.Exports[1].Kind, module.Exports[1].Index));
        Assert.Equal(0u, module.StartFunction);
        Assert.Equal("malformed export kind", Malformed(Module(ExportSection([.. Name("x"), 0x07, 0x00]))).Reason);
    }

    [Fact]
    public void NonConstantInstructionsInInitialisersAreRecordedForTheValidator()
    {
        var globals = Section(6, Vec([I32, 0x00, 0x41, 0x01, 0x67, End]));
        var module = ModuleParser.Parse(Module(globals));
        Assert.True(module.Globals[0].Initializer.NonConstantOffset > 0);
    }

    [Fact]
    public void AllEightElementSegmentEncodingsDecode()
    {
        byte[] offset = [0x41, 0x00, End];
        byte[] refFunc0 = [0xD2, 0x00, End];
        byte[] refNull = [0xD0, ExternRef, End];
        var elements = Section(9, Vec(
            [0x00, .. offset, .. Vec([0x00])],
            [0x01, 0x00, .. Vec([0x00])],
            [0x02, 0x01, .. offset, 0x00, .. Vec([0x00], [0x00])],
            [0x03, 0x00, .. Vec([0x00])],
            [0x04, .. offset, .. Vec(refFunc0)],
            [0x05, ExternRef, .. Vec(refNull, refNull)],
            [0x06, 0x01, .. offset, FuncRef, .. Vec(refFunc0)],
            [0x07, FuncRef, .. Vec(refFunc0)]));
        var module = ModuleParser.Parse(Module(TypeSection(FuncType([], [])), FunctionSection(0), elements, CodeSection(Body([]))));
        var segments = module.Elements;
        Assert.Equal(
            [SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
             SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative],
            segments.Select(s => s.Mode));
        Assert.Equal([0u, 0u, 1u, 0u, 0u, 0u, 1u, 0u], segments.Select(s => s.TableIndex));
        Assert.Equal(ValueType.ExternRef, segments[5].ElementType);
        Assert.Equal(2, segments[2].Count);
        Assert.Equal([0u, 0u], segments[2].FunctionIndices!);
        Assert.All(segments[..4], s => Assert.Null(s.Expressions));
        Assert.All(segments[4..], s => Assert.Null(s.FunctionIndices));
        Assert.Equal(new ConstantInstruction(Opcode.RefFunc, 0), segments[4].Expressions![0].Instructions.Single());
        Assert.Equal(new ConstantInstruction(Opcode.RefNull, ExternRef), segments[5].Expressions![1].Instructions.Single());
        Assert.All(segments.Where(s => s.Mode == SegmentMode.Active), s => Assert.NotNull(s.Offset));

        Assert.Equal("malformed elements segment kind", Malformed(Module(Section(9, Vec([0x08])))).Reason);
        Assert.Equal("malformed element kind", Malformed(Module(Section(9, Vec([0x01, 0x01, 0x00])))).Reason);
    }

    [Fact]
    public void DataSegmentsAndDataCountDecode()
    {
        var data = Section(11, Vec([0x00, 0x41, 0x08, End, .. Vec([1], [2])], [0x01, 0x01, 9], [0x02, 0x00, 0x41, 0x00, End, 0x00]));
        var module = ModuleParser.Parse(Module(MemorySection(1), Section(12, U32(3)), data));
        Assert.Equal(3u, module.DataCount);
        Assert.Equal([1, 2], module.Data[0].Bytes.ToArray());
        Assert.Equal(SegmentMode.Passive, module.Data[1].Mode);
        Assert.Null(module.Data[1].Offset);
        Assert.Equal(0, module.Data[2].Bytes.Length);

        Assert.Equal("data count and data section have inconsistent lengths", Malformed(Module(Section(12, U32(2)), data)).Reason);
        Assert.Equal("data count and data section have inconsistent lengths", Malformed(Module(Section(12, U32(1)))).Reason);
        Assert.Equal("malformed data segment kind", Malformed(Module(Section(11, Vec([0x03])))).Reason);
        Assert.Equal("unexpected end of section or function", Malformed(Module(Section(11, Vec([0x01, 0x05, 1])))).Reason);
    }

    [Fact]
    public void LimitsFlagsAreChecked()
    {
        Assert.Equal("malformed limits flags", Malformed(Module(Section(5, Vec([0x10, 0x00])))).Reason);
        Assert.Equal("malformed limits flags", Malformed(Module(Section(4, Vec([FuncRef, 0x02, 0x00])))).Reason);
    }

    [Fact]
    public void NameSectionProvidesModuleFunctionAndLocalNames()
    {
        var names = Section(0, Name("name"),
            Subsection(0x00, Name("demo")),
            Subsection(0x01, Vec([0x00, .. Name("main")], [0x01, .. Name("g")])),
            Subsection(0x02, Vec([0x00, .. Vec([0x01, .. Name("x")])])));
        var module = ModuleParser.Parse(Module(names));
        Assert.Equal("demo", module.Names.ModuleName);
        Assert.Equal("main", module.Names.FunctionNames[0]);
        Assert.Equal("x", module.Names.LocalNames[0][1]);
        Assert.Equal("function 0 'main'", module.DescribeFunction(0));
        Assert.Equal("function 7", module.DescribeFunction(7));
    }

    private static byte[] Subsection(byte id, byte[] content) => [id, .. U32((uint)content.Length), .. content];

    [Fact]
    public void BrokenNameSectionKeepsTheModuleLoadable()
    {
        var names = Section(0, Name("name"), [0x01, 0x20, 0x01]);
        var module = ModuleParser.Parse(Module(names));
        Assert.Empty(module.Names.FunctionNames);
        Assert.Single(module.CustomSections);
    }

    [Fact]
    public void FeatureTourDecodesCompletely()
    {
        var module = ModuleParser.Parse(SampleModules.FeatureTour);
        Assert.Equal(3, module.Imports.Length);
        Assert.Equal(2, module.Tables.Length);
        Assert.Equal(4, module.Elements.Length);
        Assert.Equal(2, module.Data.Length);
        Assert.Equal(2u, module.DataCount);
        Assert.Equal("fac", module.Names.FunctionNames[2]);
        Assert.NotNull(module.StartFunction);
    }

    [Fact]
    public void ClangOutputDecodesWithNamesAndToolchainSections()
    {
        var module = ModuleParser.Parse(SampleModules.ClangKernels);
        Assert.Equal(("env", "report"), (module.Imports[0].Module, module.Imports[0].Name));
        Assert.Equal(["memory", "mix", "divide", "apply"], module.Exports.Select(e => e.Name));
        Assert.Equal([4u, 5u], module.Elements.Single().FunctionIndices!);
        Assert.Equal("mix", module.Names.FunctionNames[1]);
        Assert.Contains(module.CustomSections, c => c.Name == "target_features");
        Assert.True(module.GlobalTypes[0].IsMutable);
    }
}
