namespace WitSharp.Wasm;

/// <summary>
/// Decodes the "name" custom section (module, function and local names). Custom sections never make a module
/// invalid, so a damaged name section yields the names decoded before the damage.
/// </summary>
internal static class NameSectionParser
{
    private const byte ModuleNameId = 0;
    private const byte FunctionNamesId = 1;
    private const byte LocalNamesId = 2;

    public static NameSection Parse(ReadOnlySpan<byte> content, int baseOffset)
    {
        string? moduleName = null;
        var functionNames = new Dictionary<uint, string>();
        var localNames = new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
        var reader = new WasmReader(content, baseOffset, "unexpected end of section or function", "name section");
        try
        {
            while (!reader.AtEnd)
            {
                var id = reader.ReadByte();
                var size = reader.ReadVarUInt32();
                var sub = new WasmReader(reader.ReadBytes(checked((int)size)), reader.Offset - (int)size, "unexpected end of section or function", "name section");
                switch (id)
                {
                    case ModuleNameId:
                        moduleName = sub.ReadName();
                        break;
                    case FunctionNamesId:
                        ReadNameMap(ref sub, functionNames);
                        break;
                    case LocalNamesId:
                        var functionCount = sub.ReadCount(DecoderLimits.MaxNames, "names");
                        for (var i = 0; i < functionCount; i++)
                        {
                            var functionIndex = sub.ReadVarUInt32();
                            var names = new Dictionary<uint, string>();
                            ReadNameMap(ref sub, names);
                            localNames[functionIndex] = names;
                        }
                        break;
                }
            }
        }
        catch (Exception e) when (e is MalformedModuleException or OverflowException)
        {
            // Keep what was decoded; a broken name section only costs nicer backtraces.
        }
        return new NameSection { ModuleName = moduleName, FunctionNames = functionNames, LocalNames = localNames };
    }

    private static void ReadNameMap(ref WasmReader reader, Dictionary<uint, string> names)
    {
        var count = reader.ReadCount(DecoderLimits.MaxNames, "names");
        for (var i = 0; i < count; i++)
        {
            var index = reader.ReadVarUInt32();
            names[index] = reader.ReadName();
        }
    }
}
