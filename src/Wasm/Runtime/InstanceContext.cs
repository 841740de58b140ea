using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// What compiled code reaches through its last (hidden) parameter: the instance's memories, tables, globals, functions
/// and segments. Host functions get a context too, holding their delegate; it has no store.
/// Fields are public so generated IL can load them directly.
/// </summary>
internal sealed class InstanceContext
{
    /// <summary>The owning store; <see langword="null"/> for host-function contexts.</summary>
    public Store? Store;

    /// <summary>
    /// The compiled code of the instance's module. Function handles keep only raw entry pointers into a collectible
    /// assembly, so the context (which every handle references) must keep that assembly alive.
    /// </summary>
    public CompiledModule? Code;

    /// <summary>Memory 0, or <see langword="null"/> when the module has none.</summary>
    public Memory? Memory0;

    public Table[] Tables = [];

    public Global[] Globals = [];

    /// <summary>The function index space, imports first.</summary>
    public Function[] Functions = [];

    public FunctionType[] Types = [];

    /// <summary>Element segments' items; a dropped segment is an empty array.</summary>
    public object?[][] ElementSegments = [];

    /// <summary>Data segments' bytes; a dropped segment is empty.</summary>
    public ReadOnlyMemory<byte>[] DataSegments = [];

    /// <summary>The host function behind a host context.</summary>
    public HostFunction? Host;

    /// <summary>The typed delegate behind a typed host function's context.</summary>
    public Delegate? HostDelegate;
}

/// <summary>Per-thread storage for the results of functions with more than one result (see the calling convention in <see cref="ModuleCompiler"/>).</summary>
internal static class ResultBuffer
{
    [ThreadStatic]
    private static Value[]? t_values;

    public static Value[] Values
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_values ??= new Value[64];
    }

    public static Value[] Ensure(int count)
    {
        var values = Values;
        if (values.Length < count)
        {
            t_values = values = new Value[count];
        }

        return values;
    }
}
