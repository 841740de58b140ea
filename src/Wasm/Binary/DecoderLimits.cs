namespace WitSharp.Wasm;

/// <summary>
/// Implementation limits that keep hostile binaries from exhausting memory or time (values follow the limits common
/// to browser engines and Wasmtime). Exceeding one makes the module malformed with a "too many ..." reason.
/// </summary>
internal static class DecoderLimits
{
    public const int MaxTypes = 1_000_000;
    public const int MaxFunctions = 1_000_000;
    public const int MaxImports = 100_000;
    public const int MaxExports = 100_000;
    public const int MaxGlobals = 1_000_000;
    public const int MaxTables = 100_000;
    public const int MaxMemories = 100;
    public const int MaxElementSegments = 100_000;
    public const int MaxDataSegments = 100_000;
    public const int MaxElementsPerSegment = 10_000_000;
    public const int MaxParameters = 1_000;
    public const int MaxResults = 1_000;
    public const int MaxLocals = 50_000;
    public const int MaxFunctionBodySize = 7_654_321;
    public const int MaxControlDepth = 10_000;
    public const int MaxNames = 1_000_000;
}
