namespace WitSharp.Wasm;

/// <summary>Base type of every error the WebAssembly engine reports for a module it rejects or a fault it detects.</summary>
public abstract class WasmException : Exception
{
    /// <summary>Creates the exception with a complete message.</summary>
    /// <param name="message">The message shown to the user.</param>
    protected WasmException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a complete message and the error that caused it.</summary>
    /// <param name="message">The message shown to the user.</param>
    /// <param name="innerException">The underlying error.</param>
    protected WasmException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}

/// <summary>Base type of the errors raised while loading a module: it names the reason and where in the binary it was found.</summary>
public abstract class ModuleLoadException : WasmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The short reason, worded like the WebAssembly specification test suite (for example "type mismatch").</param>
    /// <param name="offset">The byte offset in the module binary where the problem was detected, or -1 when unknown.</param>
    /// <param name="context">Where the problem is (section or function), or <see langword="null"/>.</param>
    protected ModuleLoadException(string reason, long offset, string? context)
        : base(Format(reason, offset, context))
    {
        Reason = reason;
        Offset = offset;
        Context = context;
    }

    /// <summary>The short reason, worded like the WebAssembly specification test suite (for example "unexpected end").</summary>
    public string Reason { get; }

    /// <summary>The byte offset in the module binary where the problem was detected, or -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>The section or function where the problem is (for example "code section, function 3 'main'"), or <see langword="null"/>.</summary>
    public string? Context { get; }

    private static string Format(string reason, long offset, string? context)
    {
        var where = offset >= 0 ? $" at byte offset 0x{offset:x}" : string.Empty;
        return context is null ? reason + where : $"{reason}{where} ({context})";
    }
}

/// <summary>The module binary does not follow the WebAssembly binary format.</summary>
public sealed class MalformedModuleException : ModuleLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The short reason, for example "unexpected end".</param>
    /// <param name="offset">The byte offset where the problem was detected.</param>
    /// <param name="context">The section or function, or <see langword="null"/>.</param>
    public MalformedModuleException(string reason, long offset, string? context = null) : base(reason, offset, context)
    {
    }
}

/// <summary>The module is well formed but breaks a WebAssembly validation rule (for example a type mismatch).</summary>
public sealed class InvalidModuleException : ModuleLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The short reason, for example "type mismatch".</param>
    /// <param name="offset">The byte offset where the problem was detected.</param>
    /// <param name="context">The section or function, or <see langword="null"/>.</param>
    public InvalidModuleException(string reason, long offset, string? context = null) : base(reason, offset, context)
    {
    }
}

/// <summary>The module uses a WebAssembly proposal this engine does not implement (for example threads or relaxed SIMD).</summary>
public sealed class UnsupportedFeatureException : ModuleLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="feature">The proposal's name, for example "threads" or "relaxed-simd".</param>
    /// <param name="offset">The byte offset where the feature's use was detected.</param>
    /// <param name="context">The section or function, or <see langword="null"/>.</param>
    public UnsupportedFeatureException(string feature, long offset, string? context = null)
        : base($"feature '{feature}' is not supported", offset, context)
    {
        Feature = feature;
    }

    /// <summary>The proposal's name, for example "threads" or "relaxed-simd".</summary>
    public string Feature { get; }
}
