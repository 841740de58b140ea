namespace WitSharp.Wasm;

/// <summary>Why guest execution stopped.</summary>
public enum TrapKind
{
    /// <summary>An <c>unreachable</c> instruction ran.</summary>
    Unreachable,
    /// <summary>A linear-memory access was out of bounds.</summary>
    MemoryOutOfBounds,
    /// <summary>A table access was out of bounds.</summary>
    TableOutOfBounds,
    /// <summary>call_indirect found a null table element.</summary>
    UninitializedElement,
    /// <summary>call_indirect index outside the table.</summary>
    UndefinedElement,
    /// <summary>call_indirect found a function of another type.</summary>
    IndirectCallTypeMismatch,
    /// <summary>Signed division overflow or a float-to-int conversion out of range.</summary>
    IntegerOverflow,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivideByZero,
    /// <summary>Float-to-int conversion of NaN.</summary>
    BadConversionToInteger,
    /// <summary>The call stack is exhausted (recursion too deep).</summary>
    StackExhausted,
    /// <summary>The store ran out of fuel.</summary>
    OutOfFuel,
    /// <summary>The store's deadline passed or its cancellation token fired.</summary>
    Interrupted,
    /// <summary>A host function threw; the original exception is the inner exception.</summary>
    HostFunctionFailed,
}

/// <summary>One frame of a wasm backtrace.</summary>
/// <param name="FunctionIndex">The function's index in its module.</param>
/// <param name="FunctionName">The name from the module's name section, or <see langword="null"/>.</param>
/// <param name="ModuleName">The module's name, or <see langword="null"/>.</param>
public sealed record WasmFrame(uint FunctionIndex, string? FunctionName, string? ModuleName);

/// <summary>Guest execution stopped with a WebAssembly trap.</summary>
public sealed class TrapException : WasmException
{
    /// <summary>Creates a trap with the specification's wording for <paramref name="kind"/>.</summary>
    /// <param name="kind">The trap kind.</param>
    /// <param name="innerException">The host exception for <see cref="TrapKind.HostFunctionFailed"/>, else <see langword="null"/>.</param>
    public TrapException(TrapKind kind, Exception? innerException = null)
        : base(Describe(kind, innerException), innerException)
    {
        Kind = kind;
        (t_mostRecent ??= new WeakReference<TrapException>(this)).SetTarget(this);
    }

    // Weak, so that a trap nobody asked about (and, through its stack trace, the collectible code it passed through)
    // is not kept alive by the thread; a trap still unwinding is alive anyway.
    [ThreadStatic]
    private static WeakReference<TrapException>? t_mostRecent;

    /// <summary>
    /// Takes the trap created last on the calling thread, if it is still alive and not taken yet. Everything that leaves
    /// compiled code abnormally is a trap (a host function's other exceptions become <see cref="TrapKind.HostFunctionFailed"/>
    /// traps), so code that sees a wasm call end abnormally in a <c>finally</c> block, where the exception is out of
    /// reach, can tell which trap ended it: a <c>finally</c> costs nothing on the normal path and, unlike a <c>catch</c>
    /// or an exception filter, lets the JIT inline the method holding it. A best guess: host code that creates another
    /// trap while one unwinds (catching a nested call's trap in a <c>finally</c>) makes that one the most recent.
    /// </summary>
    internal static TrapException? TakeMostRecentOnCurrentThread()
    {
        if (t_mostRecent is null || !t_mostRecent.TryGetTarget(out var trap))
        {
            return null;
        }

        t_mostRecent.SetTarget(null!);
        return trap;
    }

    /// <summary>The trap kind.</summary>
    public TrapKind Kind { get; }

    private IReadOnlyList<WasmFrame>? _backtrace;

    /// <summary>
    /// The wasm frames between the trap and where it was caught, innermost first, named from the modules' name sections
    /// (or the names given to <see cref="Module.FromBytes(Engine, byte[], string?)"/>). Empty for a trap that was never thrown.
    /// </summary>
    public IReadOnlyList<WasmFrame> Backtrace => _backtrace ??= WasmBacktrace.Capture(this);

    /// <summary>The specification test suite's text for a trap kind (for example "integer divide by zero").</summary>
    /// <param name="kind">The trap kind.</param>
    /// <returns>The message.</returns>
    public static string SpecText(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.MemoryOutOfBounds => "out of bounds memory access",
        TrapKind.TableOutOfBounds => "out of bounds table access",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.BadConversionToInteger => "invalid conversion to integer",
        TrapKind.StackExhausted => "call stack exhausted",
        TrapKind.OutOfFuel => "all fuel consumed",
        TrapKind.Interrupted => "interrupted",
        TrapKind.HostFunctionFailed => "host function failed",
        _ => kind.ToString(),
    };

    /// <summary>The exception text followed by the wasm backtrace, one "index: module!function" line per frame.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var frames = Backtrace;
        if (frames.Count == 0)
        {
            return base.ToString();
        }

        var text = new System.Text.StringBuilder(base.ToString()).Append("\nwasm backtrace:");
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            text.Append($"\n  {i}: {frame.ModuleName ?? "<module>"}!{frame.FunctionName ?? $"<func {frame.FunctionIndex}>"}");
        }

        return text.ToString();
    }

    private static string Describe(TrapKind kind, Exception? inner) =>
        inner is null ? SpecText(kind) : $"{SpecText(kind)}: {inner.Message}";
}

/// <summary>Linking failed: an import is missing or has an incompatible type.</summary>
public sealed class LinkException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the import's module and name and both types.</param>
    public LinkException(string message) : base(message)
    {
    }
}
