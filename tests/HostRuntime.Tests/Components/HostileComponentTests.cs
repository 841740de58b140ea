using WitSharp.HostRuntime.Components;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Malformed and hostile binaries: only <see cref="ComponentFormatException"/>, with section and offset.</summary>
public class HostileComponentTests
{
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00];

    private static byte[] Component(params (byte Id, byte[] Payload)[] sections)
    {
        var bytes = new List<byte>(Preamble);
        foreach (var (id, payload) in sections)
        {
            bytes.Add(id);
            bytes.AddRange(Leb(checked((uint)payload.Length)));
            bytes.AddRange(payload);
        }

        return [.. bytes];
    }

    private static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static ComponentFormatException Rejects(byte[] binary) =>
        Assert.Throws<ComponentFormatException>(() => ComponentDecoder.Decode(binary));

    private static UnsupportedComponentFeatureException RejectsUnsupported(byte[] binary) =>
        Assert.Throws<UnsupportedComponentFeatureException>(() => ComponentDecoder.Decode(binary));

    [Fact]
    public void Empty_component_decodes_to_empty_index_spaces()
    {
        var component = ComponentDecoder.Decode(Component()).Component;

        Assert.All(Enum.GetValues<Sort>(), sort => Assert.Empty(component.IndexSpace(sort)));
    }

    [Fact]
    public void Bad_preambles_are_named()
    {
        Assert.Contains("magic", Rejects([0x00, 0x61, 0x73, 0x6E, 0x0D, 0x00, 0x01, 0x00]).Message);
        var version = Rejects([0x00, 0x61, 0x73, 0x6D, 0x0E, 0x00, 0x01, 0x00]);
        Assert.Equal("preamble", version.Section);
        Assert.Equal(4, version.Offset);
        Assert.Contains("layer", Rejects([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x02, 0x00]).Message);
        Assert.Contains("unexpected end", Rejects([0x00, 0x61]).Message);
        Assert.Contains("unexpected end", Rejects([]).Message);
    }

    [Fact]
    public void Unknown_section_id_reports_its_offset()
    {
        var error = Rejects(Component((13, [])));

        Assert.Equal("unknown section id 13 (in section header at byte offset 8)", error.Message);
    }

    [Fact]
    public void Section_size_beyond_the_end_is_rejected()
    {
        byte[] binary = [.. Preamble, 7, 0x05, 0x01];

        Assert.Contains("section size 5 exceeds", Rejects(binary).Message);
    }

    [Fact]
    public void Huge_counts_are_rejected_before_allocating()
    {
        var error = Rejects(Component((7, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])));

        Assert.Equal("type section", error.Section);
        Assert.Contains("count 4294967295 exceeds", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "malformed LEB128 u32", 9)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "malformed LEB128 u32", 9)]
    [InlineData(new byte[] { 0x80 }, "unexpected end of data", 10)]
    public void Malformed_leb128_is_rejected(byte[] size, string problem, int offset)
    {
        byte[] binary = [.. Preamble, 7, .. size];

        var error = Rejects(binary);
        Assert.StartsWith(problem, error.Problem);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Out_of_range_indexes_name_the_index_space()
    {
        // canon lift of core func 0 when no core func exists.
        var error = Rejects(Component((8, [0x01, 0x00, 0x00, 0x00, 0x00, 0x00])));
        Assert.Contains("core func index 0 out of range (0 defined so far)", error.Message);
        Assert.Equal("canon section", error.Section);

        // list<type 0> as the very first type refers to itself.
        Assert.Contains("type index 0 out of range", Rejects(Component((7, [0x01, 0x70, 0x00]))).Message);
    }

    [Fact]
    public void Aliases_inside_types_are_checked_against_the_scopes_they_reach()
    {
        // instance { alias outer 1 5 (type) }: the component has no type 5 yet (a mutated real component once
        // crashed instantiation this way).
        Assert.Contains("type index 5 out of range (0 defined so far)", Rejects(Component((7, [0x01, 0x42, 0x01, 0x02, 0x03, 0x02, 0x01, 0x05]))).Message);

        // instance { alias outer 2 0 (type) }: only the instance type and the component enclose it.
        Assert.Contains("outer alias count 2 reaches past the outermost enclosing scope", Rejects(Component((7, [0x01, 0x42, 0x01, 0x02, 0x03, 0x02, 0x02, 0x00]))).Message);

        // instance { alias export 0 "x" (type) }: the instance type has no instance 0.
        Assert.Contains("instance index 0 out of range (0 defined so far)", Rejects(Component((7, [0x01, 0x42, 0x01, 0x02, 0x03, 0x00, 0x00, 0x01, (byte)'x']))).Message);
    }

    [Fact]
    public void Outer_aliases_of_a_nested_component_are_checked_against_its_parent()
    {
        // A nested component aliasing type 0 of its parent, which has no types.
        byte[] nested = [.. Preamble, 6, 0x05, 0x01, 0x03, 0x02, 0x01, 0x00];

        Assert.Contains("type index 0 out of range (0 defined so far)", Rejects(Component((4, nested))).Message);
    }

    [Fact]
    public void Core_instances_export_only_core_externs_under_unique_names()
    {
        byte[] emptyModule = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];
        // core instance { export "b" (core module 0) }
        Assert.Contains("a core instance cannot export a core module", Rejects(Component((1, emptyModule), (2, [0x01, 0x01, 0x01, 0x01, (byte)'b', 0x11, 0x00]))).Message);

        // A module exporting memory "mem"; core instance { export "a" (memory 0) export "a" (memory 0) }.
        byte[] memoryModule = [.. emptyModule, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x07, 0x01, 0x03, (byte)'m', (byte)'e', (byte)'m', 0x02, 0x00];
        var duplicate = Component(
            (1, memoryModule),
            (2, [0x01, 0x00, 0x00, 0x00]),
            (6, [0x01, 0x00, 0x02, 0x01, 0x00, 0x03, (byte)'m', (byte)'e', (byte)'m']),
            (2, [0x01, 0x01, 0x02, 0x01, (byte)'a', 0x02, 0x00, 0x01, (byte)'a', 0x02, 0x00]));
        Assert.Contains("duplicate core inline export name 'a'", Rejects(duplicate).Message);
    }

    [Fact]
    public void Instances_from_exports_have_unique_names()
    {
        // type 0 = string; instance { export "a" (type 0) export "A" (type 0) }
        var binary = Component((7, [0x01, 0x73]), (5, [0x01, 0x01, 0x02, 0x00, 0x01, (byte)'a', 0x03, 0x00, 0x00, 0x01, (byte)'A', 0x03, 0x00]));

        Assert.Contains("duplicate inline export name 'A'", Rejects(binary).Message);
    }

    [Fact]
    public void Trailing_bytes_inside_a_section_are_rejected()
    {
        Assert.Contains("unread bytes", Rejects(Component((7, [0x01, 0x70, 0x79, 0x00]))).Message);
    }

    [Fact]
    public void Duplicate_import_names_are_rejected()
    {
        // type 0 = func(); two imports "f" and "F" of it.
        var binary = Component((7, [0x01, 0x40, 0x00, 0x01, 0x00]), (10, [0x02, 0x00, 0x01, (byte)'f', 0x01, 0x00, 0x00, 0x01, (byte)'F', 0x01, 0x00]));

        Assert.Contains("duplicate import name 'F'", Rejects(binary).Message);
    }

    [Fact]
    public void Resource_definitions_inside_instance_types_are_rejected()
    {
        // instance { type resource (rep i32) }
        Assert.Contains("resource type definitions are not allowed", Rejects(Component((7, [0x01, 0x42, 0x01, 0x01, 0x3F, 0x7F, 0x00]))).Message);
    }

    [Fact]
    public void Resource_destructor_must_be_a_defined_core_func()
    {
        Assert.Contains("core func index 3 out of range", Rejects(Component((7, [0x01, 0x3F, 0x7F, 0x01, 0x03]))).Message);
    }

    [Fact]
    public void Invalid_utf8_names_are_rejected()
    {
        // import section: one import with name form 0x00 and the bytes C3 28.
        Assert.Contains("not valid UTF-8", Rejects(Component((10, [0x01, 0x00, 0x02, 0xC3, 0x28, 0x01, 0x00]))).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x66, 0x00 }, "stream type")]
    [InlineData(new byte[] { 0x01, 0x65, 0x00 }, "future type")]
    [InlineData(new byte[] { 0x01, 0x64 }, "error-context type")]
    [InlineData(new byte[] { 0x01, 0x43, 0x00, 0x01, 0x00 }, "async function type")]
    [InlineData(new byte[] { 0x01, 0x67, 0x79, 0x04 }, "fixed-length list type")]
    public void Unsupported_types_are_named(byte[] typeSection, string construct)
    {
        var error = RejectsUnsupported(Component((7, typeSection)));

        Assert.Equal(construct, error.Construct);
        Assert.Equal($"{construct} is not supported (in type section at byte offset 11)", error.Message);
    }

    [Theory]
    [InlineData(0x0E, "canon stream.new")]
    [InlineData(0x15, "canon future.new")]
    [InlineData(0x09, "canon task.return")]
    [InlineData(0x1C, "canon error-context.new")]
    [InlineData(0x1F, "canon waitable-set.new")]
    public void Unsupported_canon_builtins_are_named(byte opcode, string construct)
    {
        Assert.Equal(construct, RejectsUnsupported(Component((8, [0x01, opcode, 0x00]))).Construct);
    }

    [Fact]
    public void Async_lift_option_is_named()
    {
        var binary = Component(
            (2, [0x01, 0x01, 0x00]), // core instance 0: from no exports
            (6, [0x01, 0x00, 0x00, 0x01, 0x00, 0x01, (byte)'f']), // alias core export 0 "f" (core func)
            (7, [0x01, 0x40, 0x00, 0x01, 0x00]), // type 0: func()
            (8, [0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00])); // canon lift core func 0 (async) type 0

        Assert.Equal("canon option async", RejectsUnsupported(binary).Construct);
    }

    [Fact]
    public void Duplicate_canon_options_are_rejected()
    {
        var binary = Component(
            (2, [0x01, 0x01, 0x00]),
            (6, [0x01, 0x00, 0x00, 0x01, 0x00, 0x01, (byte)'f']),
            (7, [0x01, 0x40, 0x00, 0x01, 0x00]),
            (8, [0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00]));

        Assert.Contains("string-encoding given more than once", Rejects(binary).Message);
    }

    [Fact]
    public void Deeply_nested_components_are_rejected_without_overflowing_the_stack()
    {
        byte[] inner = Component();
        for (int i = 0; i < 200; i++)
        {
            inner = Component((4, inner));
        }

        Assert.Contains("nested deeper than", Rejects(inner).Message);
    }

    [Fact]
    public void Deeply_nested_instance_types_are_rejected_without_overflowing_the_stack()
    {
        // instance { type instance { type instance { ... } } }
        var payload = new List<byte> { 0x42, 0x00 };
        for (int i = 0; i < 200; i++)
        {
            payload.InsertRange(0, new byte[] { 0x42, 0x01, 0x01 });
        }

        Assert.Contains("nested deeper than", Rejects(Component((7, [0x01, .. payload]))).Message);
    }

    [Fact]
    public void Exponential_type_dags_print_in_bounded_space()
    {
        // type 0 = u32; type n+1 = tuple<n, n>; the last one is exported through a function result.
        var types = new List<byte> { 0x79 };
        const int depth = 60;
        for (int i = 0; i < depth; i++)
        {
            types.AddRange([0x6F, 0x02, (byte)i, (byte)i]);
        }

        types.AddRange([0x40, 0x00, 0x00, (byte)depth]);
        var typeSection = new List<byte> { depth + 2 };
        typeSection.AddRange(types);
        var binary = Component((7, [.. typeSection]), (10, [0x01, 0x00, 0x01, (byte)'f', 0x01, depth + 1]));

        var signature = ComponentSignature.Read(binary);
        Assert.True(signature.Imports.Single().Type.Length < 100_000);
    }

    /// <summary>Every corpus binary (built components, their embedded modules, hand-written components) and hello_world.</summary>
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(TestFiles.CorpusDirectory, "*.wasm").Select(Path.GetFileName).Order(StringComparer.Ordinal).Append("hello_world")!);

    private static byte[] Load(string file) => file == "hello_world" ? TestFiles.HelloWorld() : TestFiles.Corpus(file);

    /// <summary>
    /// Every prefix either fails with ComponentFormatException or ends exactly at a top-level section boundary
    /// (a valid, shorter component).
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Every_truncation_fails_cleanly(string file)
    {
        byte[] binary = Load(file);
        bool isCoreModule = binary[4] == 1;
        int accepted = 0, rejected = 0;
        for (int length = 0; length < binary.Length; length++)
        {
            try
            {
                ComponentSignature.Read(binary[..length]);
                accepted++;
            }
            catch (ComponentFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > binary.Length * 9 / 10, $"{file}: only {rejected} of {binary.Length} truncations rejected");
        if (!isCoreModule)
        {
            Assert.True(accepted <= TopLevelSectionCount(binary) + 1, $"{file}: {accepted} truncations accepted");
        }
    }

    private static int TopLevelSectionCount(byte[] binary)
    {
        int count = 0;
        for (int at = 8; at < binary.Length; count++)
        {
            at++;
            uint size = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = binary[at++];
                size |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            at += (int)size;
        }

        return count;
    }

    /// <summary>Fixed-seed mutations of real components: decoding and printing never throw anything else.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Mutated_components_only_throw_component_format_exceptions(string file)
    {
        byte[] original = Load(file);
        var random = new Random(20261123 ^ file.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        int rejected = 0;
        const int rounds = 1500;
        for (int round = 0; round < rounds; round++)
        {
            byte[] mutated = Mutate(original, random);
            try
            {
                var signature = ComponentSignature.Read(mutated);
                Assert.NotNull(signature.Imports);
            }
            catch (ComponentFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{file} round {round}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(mutated)}");
            }
        }

        Assert.True(rejected > 0, $"{file}: no mutation was rejected");
    }

    /// <summary>One to four random edits past the preamble: bit flips, byte changes, insertions, deletions, long LEBs.</summary>
    internal static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 5);
        for (int i = 0; i < edits && bytes.Count > 8; i++)
        {
            // Leave the preamble alone most of the time so mutations reach the sections.
            int at = random.Next(8, bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes[at] = 0xFF; break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4: bytes.RemoveAt(at); break;
                default: bytes.InsertRange(at, [0x80, 0x80, 0x80, 0x80, 0x10]); break;
            }
        }

        return [.. bytes];
    }
}
