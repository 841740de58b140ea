using Microsoft.Extensions.Logging;
using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>The resource types the WASI host implements, each named by the interface that defines it.</summary>
internal enum WasiResource
{
    IoError,
    Pollable,
    InputStream,
    OutputStream,
    Descriptor,
    DirectoryEntryStream,
}

/// <summary>
/// Per-instance state behind the WASI imports: the host objects that guest handles refer to, the versions the
/// component imports (resource table keys carry them), and the output sinks.
/// </summary>
internal sealed class WasiState : IDisposable
{
    private readonly Dictionary<int, object> objects = [];
    private readonly Dictionary<string, string> importedVersions = new(StringComparer.Ordinal);
    private int nextRepresentation = 1;

    public WasiState(WasiConfiguration configuration)
    {
        Configuration = configuration;
        var budget = new OutputBudget(configuration.MaxOutputBytes);
        Stdout = new LogOutputStream("stdout", LogLevel.Information, configuration, budget);
        Stderr = new LogOutputStream("stderr", LogLevel.Warning, configuration, budget);
    }

    public WasiConfiguration Configuration { get; }

    public LogOutputStream Stdout { get; }

    public LogOutputStream Stderr { get; }

    /// <summary>Host objects the guest still holds handles to.</summary>
    public int LiveObjects => objects.Count;

    public void RecordImport(WasiImportName name) => importedVersions[name.Interface] = name.Version;

    /// <summary>The handle-table key of a resource: its defining interface at the version the component imports.</summary>
    public string Key(WasiResource resource)
    {
        var (interfaceName, resourceName) = Definition(resource);
        var version = importedVersions.GetValueOrDefault(interfaceName, WasiHost.NewestVersion);
        return $"{interfaceName}@{version}#{resourceName}";
    }

    public static (string Interface, string Resource) Definition(WasiResource resource) => resource switch
    {
        WasiResource.IoError => ("wasi:io/error", "error"),
        WasiResource.Pollable => ("wasi:io/poll", "pollable"),
        WasiResource.InputStream => ("wasi:io/streams", "input-stream"),
        WasiResource.OutputStream => ("wasi:io/streams", "output-stream"),
        WasiResource.Descriptor => ("wasi:filesystem/types", "descriptor"),
        _ => ("wasi:filesystem/types", "directory-entry-stream"),
    };

    /// <summary>Gives the guest an owned handle to a new host object; returns the handle index.</summary>
    public int Own(CanonicalOptions options, WasiResource resource, object value)
    {
        var representation = nextRepresentation++;
        objects.Add(representation, value);
        return options.Resources.For(Key(resource)).Add(representation, own: true);
    }

    /// <summary>The host object behind a handle the guest passes (as borrow or own).</summary>
    public T Get<T>(CanonicalOptions options, WasiResource resource, int handle) where T : class
    {
        var representation = options.Resources.For(Key(resource)).Representation(handle);
        return objects.GetValueOrDefault(representation) as T
            ?? throw new CanonicalAbiTrapException($"handle {handle} does not refer to a live {Definition(resource).Resource}");
    }

    /// <summary>The runtime's <c>resource.drop</c> of an owned handle: the host object goes away.</summary>
    public void Drop(int representation)
    {
        if (objects.Remove(representation, out var value) && value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    public void Dispose()
    {
        Stdout.Flush();
        Stderr.Flush();
        foreach (var value in objects.Values)
        {
            (value as IDisposable)?.Dispose();
        }

        objects.Clear();
    }

    /// <summary>Lowers a string result and stores (ptr, len) at <paramref name="at"/>. Only UTF-8 lowerings are
    /// supported: every toolchain that targets WASI 0.2 (wasi-libc's adapter, Rust, componentize-*) uses it.</summary>
    public static void StoreString(CanonicalOptions options, int at, string value)
    {
        if (options.StringEncoding != StringEncoding.Utf8)
        {
            throw new CanonicalAbiTrapException($"the WASI host lowers strings as UTF-8 only, but this import uses {options.StringEncoding}");
        }

        var pointer = CanonicalValues.LowerUtf8String(options, value, out var length);
        options.Memory.StoreU32(at, (uint)pointer);
        options.Memory.StoreU32(at + 4, (uint)length);
    }

    /// <summary>Lowers a <c>list&lt;u8&gt;</c> result and stores (ptr, len) at <paramref name="at"/>.</summary>
    public static void StoreBytes(CanonicalOptions options, int at, ReadOnlySpan<byte> value)
    {
        var pointer = CanonicalValues.LowerBytes(options, value);
        options.Memory.StoreU32(at, (uint)pointer);
        options.Memory.StoreU32(at + 4, (uint)value.Length);
    }

    /// <summary>Allocates a list of <paramref name="count"/> elements; returns the pointer to its first element.</summary>
    public static int AllocateList(CanonicalOptions options, int count, int elementSize, int alignment) =>
        options.Realloc(0, 0, alignment, checked(count * elementSize));
}

/// <summary>How many more output bytes the guest may produce across stdout and stderr.</summary>
internal sealed class OutputBudget(long limit)
{
    public long Remaining { get; set; } = limit;

    public bool Exhausted { get; set; }
}

/// <summary>Turns a guest output stream into log lines: line-buffered, long lines split, total size capped.</summary>
internal sealed class LogOutputStream(string name, LogLevel level, WasiConfiguration configuration, OutputBudget budget)
{
    private readonly List<byte> pending = [];

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var truncated = bytes.Length > budget.Remaining;
        if (truncated)
        {
            bytes = bytes[..(int)budget.Remaining];
        }

        budget.Remaining -= bytes.Length;
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                EmitPending();
            }
            else
            {
                pending.Add(b);
                if (pending.Count >= configuration.MaxLineBytes)
                {
                    EmitPending();
                }
            }
        }

        if (truncated && !budget.Exhausted)
        {
            budget.Exhausted = true;
            Emit(LogLevel.Warning, $"output beyond {configuration.MaxOutputBytes} bytes is dropped");
        }
    }

    /// <summary>Logs an unterminated last line.</summary>
    public void Flush()
    {
        if (pending.Count > 0)
        {
            EmitPending();
        }
    }

    private void EmitPending()
    {
        var line = Encoding.UTF8.GetString([.. pending]).TrimEnd('\r');
        pending.Clear();
        Emit(level, line);
    }

    private void Emit(LogLevel logLevel, string line)
    {
        // The line is an argument, not the template: guest text must never be parsed as a format string.
        configuration.Logger.Log(logLevel, "{Stream}: {Line}", name, line);
    }
}
