using System.Text;

namespace WitSharp.Wasm.Tests.Binary;

/// <summary>A tiny builder for hand-made module binaries, so tests state exactly which bytes they feed the decoder.</summary>
internal static class ModuleBytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public const byte I32 = 0x7F;
    public const byte I64 = 0x7E;
    public const byte F32 = 0x7D;
    public const byte F64 = 0x7C;
    public const byte FuncRef = 0x70;
    public const byte ExternRef = 0x6F;
    public const byte End = 0x0B;

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    public static byte[] Section(byte id, params byte[][] parts)
    {
        var content = Concat(parts);
        return [id, .. U32(checked((uint)content.Length)), .. content];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] S64(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return [.. bytes];
            }
        }
    }

    public static byte[] Vec(params byte[][] items) => [.. U32((uint)items.Length), .. Concat(items)];

    public static byte[] Name(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] FuncType(byte[] parameters, byte[] results) =>
        [0x60, .. U32((uint)parameters.Length), .. parameters, .. U32((uint)results.Length), .. results];

    public static byte[] TypeSection(params byte[][] types) => Section(1, Vec(types));

    public static byte[] FunctionSection(params uint[] typeIndices) => Section(3, Vec([.. typeIndices.Select(U32)]));

    public static byte[] MemorySection(uint minimum, uint? maximum = null) =>
        Section(5, Vec(maximum is { } max ? [0x01, .. U32(minimum), .. U32(max)] : [0x00, .. U32(minimum)]));

    public static byte[] TableSection(byte elementType, uint minimum) => Section(4, Vec([elementType, 0x00, .. U32(minimum)]));

    public static byte[] ExportSection(params byte[][] exports) => Section(7, Vec(exports));

    public static byte[] Export(string name, byte kind, uint index) => [.. Name(name), kind, .. U32(index)];

    /// <summary>One code-section entry: local groups (count, type) and the instruction bytes (the final end is appended).</summary>
    public static byte[] Body(byte[] instructions, params (uint Count, byte Type)[] locals)
    {
        var content = Concat(Vec([.. locals.Select(l => (byte[])[.. U32(l.Count), l.Type])]), instructions, [End]);
        return [.. U32((uint)content.Length), .. content];
    }

    public static byte[] CodeSection(params byte[][] bodies) => Section(10, Vec(bodies));

    /// <summary>A module with one function of type (params) -> (results) whose body is <paramref name="instructions"/>.</summary>
    public static byte[] SingleFunction(byte[] parameters, byte[] results, byte[] instructions, params (uint Count, byte Type)[] locals) =>
        Module(TypeSection(FuncType(parameters, results)), FunctionSection(0), CodeSection(Body(instructions, locals)));

    /// <summary>A "name" custom section with a function-names subsection.</summary>
    public static byte[] NameSection(params (uint Index, string Name)[] functionNames)
    {
        var map = Vec([.. functionNames.Select(f => Concat(U32(f.Index), Name(f.Name)))]);
        return Section(0, Name("name"), [0x01], U32((uint)map.Length), map);
    }

    public static ModuleDefinition Load(byte[] binary)
    {
        var module = ModuleParser.Parse(binary);
        ModuleValidator.Validate(module);
        return module;
    }
}
