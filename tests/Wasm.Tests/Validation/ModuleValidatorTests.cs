using static WitSharp.Wasm.Tests.Binary.ModuleBytes;

namespace WitSharp.Wasm.Tests.Validation;

public class ModuleValidatorTests
{
    private static string Reason(params byte[][] sections) =>
        Assert.Throws<InvalidModuleException>(() => Load(Module(sections))).Reason;

    [Fact]
    public void MemoryLimitsAreChecked()
    {
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Reason(MemorySection(65537)));
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Reason(MemorySection(0, 70000)));
        Assert.Equal("size minimum must not be greater than maximum", Reason(MemorySection(2, 1)));
        Assert.Equal(Header.Length + 3, Assert.Throws<InvalidModuleException>(() => Load(Module(MemorySection(2, 1)))).Offset);
        Load(Module(MemorySection(65536, 65536)));
    }

    [Fact]
    public void TableLimitsAreCheckedAndSeveralTablesAreAllowed()
    {
        Assert.Equal("size minimum must not be greater than maximum", Reason(Section(4, Vec([FuncRef, 0x01, 0x05, 0x01]))));
        var module = Load(Module(Section(4, Vec([FuncRef, 0x00, 0x01], [ExternRef, 0x00, 0x00]))));
        Assert.Equal(2, module.Tables.Length);
    }

    [Fact]
    public void FunctionTypeIndicesMustExist()
    {
        Assert.Equal("unknown type 0", Reason(FunctionSection(0), CodeSection(Body([]))));
        Assert.Equal("unknown type 2", Reason(TypeSection(FuncType([], [])), Section(2, Vec([.. Name("a"), .. Name("b"), 0x00, 0x02]))));
    }

    [Fact]
    public void ExportNamesAreUniqueAndIndicesExist()
    {
        var type = TypeSection(FuncType([], []));
        var function = FunctionSection(0);
        var code = CodeSection(Body([]));
        Assert.Equal("duplicate export name", Reason(type, function, ExportSection(Export("f", 0, 0), Export("f", 0, 0)), code));
        var binary = Module(type, function, ExportSection(Export("a", 0, 0), Export("a", 0, 0)), code);
        var error = Assert.Throws<InvalidModuleException>(() => Load(binary));
        Assert.Equal((byte)'a', binary[error.Offset + 1]); // the second entry: name length, then the name
        Assert.Equal(binary.Length - code.Length - 4, error.Offset);
        Assert.Equal("unknown function 1", Reason(type, function, ExportSection(Export("f", 0, 1)), code));
        Assert.Equal("unknown memory 0", Reason(ExportSection(Export("m", 2, 0))));
        Assert.Equal("unknown global 0", Reason(ExportSection(Export("g", 3, 0))));
        Assert.Equal("unknown table 0", Reason(ExportSection(Export("t", 1, 0))));
    }

    [Fact]
    public void StartFunctionMustExistAndTakeNothing()
    {
        Assert.Equal("unknown function 0", Reason(Section(8, U32(0))));
        var reason = Reason(TypeSection(FuncType([I32], [])), FunctionSection(0), Section(8, U32(0)), CodeSection(Body([])));
        Assert.StartsWith("start function", reason);
    }

    [Fact]
    public void GlobalInitialisersMustBeConstantAndWellTyped()
    {
        Assert.Equal("constant expression required", Reason(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x45, End]))));
        Assert.Equal("constant expression required", Reason(Section(6, Vec([I32, 0x00, 0x01, End]))));
        Assert.StartsWith("type mismatch", Reason(Section(6, Vec([I32, 0x00, 0x42, 0x00, End]))));
        Assert.StartsWith("type mismatch", Reason(Section(6, Vec([I32, 0x00, End]))));
        Assert.StartsWith("type mismatch", Reason(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x41, 0x00, End]))));
        Assert.Equal("unknown global 0", Reason(Section(6, Vec([I32, 0x00, 0x23, 0x00, End]))));
        Assert.Equal("unknown function 0", Reason(Section(6, Vec([FuncRef, 0x00, 0xD2, 0x00, End]))));
    }

    [Fact]
    public void ExtendedConstantExpressionsAreAccepted()
    {
        var globals = Section(6, Vec(
            [I32, 0x00, 0x41, 0x02, 0x41, 0x03, 0x6C, 0x41, 0x01, 0x6B, End], // 2 * 3 - 1
            [I64, 0x00, 0x42, 0x01, 0x42, 0x02, 0x7C, End]));
        var module = Load(Module(globals));
        Assert.Equal([Opcode.I32Const, Opcode.I32Const, Opcode.I32Mul, Opcode.I32Const, Opcode.I32Sub],
            module.Globals[0].Initializer.Instructions.Select(i => i.Opcode));
        Assert.StartsWith("type mismatch", Reason(Section(6, Vec([I32, 0x00, 0x41, 0x02, 0x6A, End]))));
    }

    [Fact]
    public void ConstantExpressionsSeeOnlyImportedGlobals()
    {
        var imports = Section(2, Vec([.. Name("env"), .. Name("g"), 0x03, I32, 0x00]));
        Load(Module(imports, Section(6, Vec([I32, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6A, End]))));
        Assert.Equal("unknown global 1", Reason(imports, Section(6, Vec([I32, 0x00, 0x41, 0x01, End], [I32, 0x00, 0x23, 0x01, End]))));
        Assert.Equal("unknown global 0", Reason(MemorySection(1), Section(6, Vec([I32, 0x00, 0x41, 0x01, End])),
            Section(11, Vec([0x00, 0x23, 0x00, End, .. Vec()]))));
    }

    [Fact]
    public void MutableGlobalsAreNotConstant()
    {
        var imports = Section(2, Vec([.. Name("env"), .. Name("g"), 0x03, I32, 0x01]));
        Assert.Equal("constant expression required", Reason(imports, Section(6, Vec([I32, 0x00, 0x23, 0x00, End]))));
    }

    [Fact]
    public void SegmentsReferToExistingTablesAndMemoriesWithMatchingTypes()
    {
        byte[] offset = [0x41, 0x00, End];
        Assert.Equal("unknown table 0", Reason(Section(9, Vec([0x00, .. offset, .. Vec()]))));
        Assert.Equal("unknown memory 0", Reason(Section(11, Vec([0x00, .. offset, .. Vec()]))));
        Assert.StartsWith("type mismatch", Reason(TableSection(ExternRef, 1), Section(9, Vec([0x00, .. offset, .. Vec()]))));
        Assert.StartsWith("type mismatch", Reason(MemorySection(1), Section(11, Vec([0x00, 0x42, 0x00, End, .. Vec()]))));
        Assert.StartsWith("type mismatch", Reason(Section(9, Vec([0x05, ExternRef, .. Vec([0xD0, FuncRef, End])]))));
        Assert.Equal("unknown function 3", Reason(Section(9, Vec([0x01, 0x00, .. Vec([0x03])]))));
    }
}
