using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Tests.Components.Conformance;
using WitSharp.Wasm;
using V = WitSharp.HostRuntime.Components.ComponentValue;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The dynamic call path with the strings guest's utf16 and latin1+utf16 builds (strings as parameters, results, list
/// elements, record fields and variant payloads, compared with the generated bindings), and with the handles guest's
/// resources: the component's own resource passed back in as own and borrow, the host's resource lent and given.
/// </summary>
public sealed class DynamicCallEncodingAndResourceTests
{
    private const string Counters = "witsharp:handles/counters@1.0.0";
    private const string Blobs = "witsharp:handles/blobs@1.0.0";
    private const string BlobKey = Blobs + "#blob";

    // The component's resource `r`, made by `make` and re-exported by a shim as shelf's `item`; `unbox` takes a record
    // the shim defines, drops the handle and returns the representation.
    private const string ShimmedResource = """
        (component
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core func $rep (canon resource.rep $r))
          (core func $drop (canon resource.drop $r))
          (core instance $resources (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop)))
          (core module $m
            (import "r" "new" (func $new (param i32) (result i32)))
            (import "r" "rep" (func $rep (param i32) (result i32)))
            (import "r" "drop" (func $drop (param i32)))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "unbox") (param $handle i32) (result i32) (local $rep i32)
              (local.set $rep (call $rep (local.get $handle)))
              (call $drop (local.get $handle))
              (local.get $rep)))
          (core instance $i (instantiate $m (with "r" (instance $resources))))
          (func $make (param "v" u32) (result (own $r)) (canon lift (core func $i "make")))
          (component $shim
            (import "t" (type $t (sub resource)))
            (export $item "item" (type $t))
            (type $box (record (field "item" (own $item))))
            (export "box" (type $box)))
          (instance $shelf (instantiate $shim (with "t" (type $r))))
          (export "shelf" (instance $shelf))
          (alias export $shelf "item" (type $item))
          (alias export $shelf "box" (type $box))
          (func $unbox (param "b" $box) (result u32) (canon lift (core func $i "unbox")))
          (export "make" (func $make) (func (param "v" u32) (result (own $item))))
          (export "unbox" (func $unbox)))
        """;

    private static readonly Engine Engine = new();
    private static readonly Dictionary<string, Component> StringBuilds = new()
    {
        ["utf16"] = Component.FromBytes(Engine, TestFiles.Corpus("strings.utf16.component.wasm")),
        ["compact-utf16"] = Component.FromBytes(Engine, TestFiles.Corpus("strings.compact-utf16.component.wasm")),
    };

    private readonly Dictionary<int, int> blobSizes = [];
    private readonly List<int> destroyedBlobs = [];

    public static TheoryData<string> Encodings() => new("utf16", "compact-utf16");

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Strings_InEveryPosition_MatchTheBindings(string encoding)
    {
        var dynamic = StringsInstance(encoding);
        var typed = new StringsWorld.Exports(StringsInstance(encoding));
        foreach (var text in new[] { "", "Grüße", "ÿ\u0080", "日本語", "a🐴b" })
        {
            Assert.Equal(V.String(typed.Echo(text)), Call(dynamic, "echo", V.String(text)));
            var layout = typed.Inspect(text);
            Assert.Equal(
                V.Record(new("utf16", V.Bool(layout.Utf16)), new("units", V.List(layout.Units.Select(V.U16)))),
                Call(dynamic, "inspect", V.String(text)));
        }

        string[] parts = ["Grüße", "", "日本", "🐴"];
        Assert.Equal(V.String(typed.Join(parts, "·")), Call(dynamic, "join", V.List(parts.Select(V.String)), V.String("·")));
        Assert.Equal(V.List(typed.Split("a,Grüße,,🐴", ',').Select(V.String)), Call(dynamic, "split", V.String("a,Grüße,,🐴"), V.U16(',')));
        Assert.Equal(Entry("値🐴", "Schlüssel", 8), Call(dynamic, "swap", Entry("Schlüssel", "値🐴", 7)));
        Assert.Equal(V.Variant("pair", Entry("Grüße", "Grüße", 5)), Call(dynamic, "transform", V.Variant("word", V.String("Grüße"))));
        Assert.Equal(V.Variant("word", V.String("ä=日本")), Call(dynamic, "transform", V.Variant("pair", Entry("ä", "日本", 3))));
        Assert.Equal(V.Variant("number", V.U32(43)), Call(dynamic, "transform", V.Variant("number", V.U32(42))));
        Assert.Equal(V.Variant("end"), Call(dynamic, "transform", V.Variant("end")));
    }

    [Fact]
    public void Latin1_IsChosenExactlyWhenEveryCharacterFits()
    {
        var dynamic = StringsInstance("compact-utf16");
        Assert.Equal(V.Bool(false), Call(dynamic, "inspect", V.String("Grüße"))!.Items[0]);
        Assert.Equal(V.Bool(true), Call(dynamic, "inspect", V.String("Ā"))!.Items[0]);
        Assert.Equal(V.String("Grüße"), Call(dynamic, "make", V.List("Grüße".Select(c => V.U16(c))), V.Bool(false)));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void MisalignedOrOversizedStrings_Trap(string encoding)
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => Call(StringsInstance(encoding), "bad-string", V.U32(3)));
        Assert.Contains("out of bounds of guest memory", trap.Message);
    }

    [Theory]
    [InlineData("handles.component.wasm")]
    [InlineData("handles.embedded.wasm")]
    public void GuestResource_CreatedThenPassedBackAsBorrowAndOwn(string file)
    {
        var instance = HandlesInstance(file);
        var constructor = instance.GetDynamicFunction(Counters, "[constructor]counter");
        Assert.Equal(ComponentValueKind.Own, constructor.Type.Result!.Kind);
        Assert.Equal($"func(self: borrow<{Counters}#counter>) -> s64", instance.GetDynamicFunction(Counters, "[method]counter.value").Type.ToString());

        var first = constructor.Invoke(V.S64(5))!;
        var second = constructor.Invoke(V.S64(-2))!;
        Assert.Equal(ComponentValueKind.Own, first.Kind);
        instance.GetDynamicFunction(Counters, "[method]counter.increment").Invoke(V.Borrow(first.Representation), V.S64(10));

        Assert.Equal(V.S64(15), instance.GetDynamicFunction(Counters, "[method]counter.value").Invoke(first));
        Assert.Equal(V.S64(13), instance.GetDynamicFunction(Counters, "total").Invoke(V.Borrow(first.Representation), V.Borrow(second.Representation)));
        Assert.Equal(V.U32(2), instance.GetDynamicFunction(Counters, "live-counters").Invoke());
        instance.DropResource(Counters + "#counter", first.Representation);
        Assert.Equal(V.U32(1), instance.GetDynamicFunction(Counters, "live-counters").Invoke());
    }

    [Theory]
    [InlineData("handles.component.wasm")]
    [InlineData("handles.embedded.wasm")]
    public void HostResource_LentGivenAndReturned(string file)
    {
        var instance = HandlesInstance(file);
        var made = instance.GetDynamicFunction(Counters, "make-blob").Invoke(V.U32(7))!;
        Assert.Equal(7, blobSizes[made.Representation]);

        Assert.Equal(V.U32(7), instance.GetDynamicFunction(Counters, "blob-size").Invoke(V.Borrow(made.Representation)));
        instance.Resources.For(BlobKey).CheckNoOutstandingBorrows();

        instance.GetDynamicFunction(Counters, "drop-blob").Invoke(V.Own(made.Representation));
        Assert.Equal([made.Representation], destroyedBlobs);
    }

    [Fact]
    public void BorrowKeptPastTheCall_Traps_AndPoisons()
    {
        var instance = HandlesInstance("handles.component.wasm");
        var made = instance.GetDynamicFunction(Counters, "make-blob").Invoke(V.U32(1))!;

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => instance.GetDynamicFunction(Counters, "keep-borrow").Invoke(V.Borrow(made.Representation)));

        Assert.Equal("1 borrowed resource handle(s) were not dropped before the call returned", trap.Message);
        Assert.Same(trap, instance.Trap);
    }

    /// <summary>A host error lowering the last argument (a string over the Canonical ABI's length limit) after two owned
    /// handles: the guest never ran, so the handles leave its table again and the values stay the caller's.</summary>
    [Fact]
    public void HostErrorAfterOwnedHandles_TakesTheCallBack()
    {
        var instance = HandlesInstance("handles.component.wasm");
        var counter = instance.GetDynamicFunction(Counters, "[constructor]counter").Invoke(V.S64(1))!;
        var blob = instance.GetDynamicFunction(Counters, "make-blob").Invoke(V.U32(2))!;
        var adopt = instance.GetDynamicFunction(Counters, "adopt");
        var nextHandle = NextHandleIndex(instance);

        // 2^27 two-byte characters take 2^28 bytes in UTF-8, one more than MAX_STRING_BYTE_LENGTH.
        var error = Assert.Throws<ArgumentException>(() => adopt.Invoke(counter, blob, V.String(new string('\u00e9', 1 << 27))));

        Assert.StartsWith("the string takes 268435456 bytes in UTF-8", error.Message);
        Assert.Null(instance.Trap);
        Assert.Empty(destroyedBlobs);
        Assert.Equal(nextHandle, NextHandleIndex(instance));
        Assert.Equal(V.U32(5), adopt.Invoke(counter, blob, V.String("label")));
        Assert.Equal([blob.Representation], destroyedBlobs);
        Assert.Equal(V.U32(0), instance.GetDynamicFunction(Counters, "live-counters").Invoke());
    }

    /// <summary>An own value, of the component's resource or the host's, moves into the component once: passing it as own
    /// again, or lending it afterwards, is the host's argument error, and the values of the refused call stay the host's.</summary>
    [Fact]
    public void OwnValueMovedIntoTheComponent_CannotBePassedAgain()
    {
        var instance = HandlesInstance("handles.component.wasm");
        var counter = instance.GetDynamicFunction(Counters, "[constructor]counter").Invoke(V.S64(1))!;
        var makeBlob = instance.GetDynamicFunction(Counters, "make-blob");
        var (given, kept) = (makeBlob.Invoke(V.U32(1))!, makeBlob.Invoke(V.U32(2))!);
        var adopt = instance.GetDynamicFunction(Counters, "adopt");
        Assert.Equal(V.U32(1), adopt.Invoke(counter, given, V.String("x")));

        var again = Assert.Throws<ArgumentException>(() => adopt.Invoke(counter, kept, V.String("y")));
        var lent = Assert.Throws<ArgumentException>(() => instance.GetDynamicFunction(Counters, "blob-size").Invoke(given));

        Assert.Equal(
            $"own<{Counters}#counter> with representation {counter.Representation} was already moved into a component, so the host no longer owns it and cannot pass it as own",
            again.Message);
        Assert.Equal(
            $"own<{BlobKey}> with representation {given.Representation} was already moved into a component, so the host no longer owns it and cannot pass it as borrow",
            lent.Message);
        Assert.Null(instance.Trap);
        Assert.Equal([given.Representation], destroyedBlobs);
        instance.GetDynamicFunction(Counters, "drop-blob").Invoke(kept);
        Assert.Equal([given.Representation, kept.Representation], destroyedBlobs);
    }

    /// <summary>The same own value twice in one call: the second is refused, the handle the first added leaves the table
    /// again and the value is the host's again.</summary>
    [Fact]
    public void SameOwnValueTwiceInOneCall_IsRefusedAndTakenBack()
    {
        var instance = HandlesInstance("handles.component.wasm");
        var blob = instance.GetDynamicFunction(Counters, "make-blob").Invoke(V.U32(3))!;
        var adoptAll = instance.GetDynamicFunction(Counters, "adopt-all");
        var nextHandle = NextHandleIndex(instance);

        var error = Assert.Throws<ArgumentException>(() => adoptAll.Invoke(V.List(blob, blob)));

        Assert.StartsWith($"own<{BlobKey}> with representation {blob.Representation} was already moved into a component", error.Message);
        Assert.Null(instance.Trap);
        Assert.Equal(nextHandle, NextHandleIndex(instance));
        Assert.Equal(V.U32(1), adoptAll.Invoke(V.List(blob)));
        Assert.Equal([blob.Representation], destroyedBlobs);
    }

    /// <summary>A function whose parameter type is aliased out of a re-export shim's instance, so its handle names the
    /// resource by the shim's type index (the shim's import, bound to the component's resource), as wit-component's
    /// re-exports of exported interfaces do: the dynamic path finds the same running resource the instantiation bound.</summary>
    [Fact]
    public void ResourceNamedInAReExportShim_IsTheComponentsResource()
    {
        if (!ComponentText.Available)
        {
            return;
        }

        var instance = new ComponentLinker(Engine).Instantiate(new Store(Engine), Component.FromBytes(Engine, ComponentText.ToBinary(ShimmedResource)));
        var unbox = instance.GetDynamicFunction(null, "unbox");
        var item = instance.GetDynamicFunction(null, "make").Invoke(V.U32(41))!;

        Assert.Equal("func(b: record { item: own<shelf#item> }) -> u32", unbox.Type.ToString());
        Assert.Equal(V.U32(41), unbox.Invoke(V.Record(KeyValuePair.Create("item", item))));
    }

    /// <summary>The handle index the instance's table hands out next (a blob the guest makes and drops again).</summary>
    private int NextHandleIndex(ComponentInstance instance)
    {
        var handle = instance.GetFunction(Counters, "make-blob").GetCore<Func<int, int>>()(1);
        instance.GetFunction(Counters, "drop-blob").GetCore<Action<int>>()(handle);
        destroyedBlobs.Clear();
        return handle;
    }

    private static V? Call(ComponentInstance instance, string function, params V[] arguments) => instance.GetDynamicFunction(null, function).Invoke(arguments);

    private static V Entry(string key, string value, uint weight) =>
        V.Record(new("key", V.String(key)), new("value", V.String(value)), new("weight", V.U32(weight)));

    private static ComponentInstance StringsInstance(string encoding)
    {
        var linker = new ComponentLinker(Engine);
        StringsWorld.RegisterImports(linker, new StringsHost());
        return linker.Instantiate(new Store(Engine), StringBuilds[encoding]);
    }

    /// <summary>The handles guest as a component, or as its core module with the world embedded.</summary>
    private ComponentInstance HandlesInstance(string file)
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(Blobs, "[constructor]blob", options => new Func<int, int, int>((_, length) =>
        {
            var representation = 100 + blobSizes.Count;
            blobSizes.Add(representation, length);
            return options.Resources.For(BlobKey).Add(representation, own: true);
        }));
        linker.DefineFunction(Blobs, "[method]blob.size", options => new Func<int, int>(handle => blobSizes[options.Resources.For(BlobKey).Representation(handle)]));
        linker.DefineFunction(Blobs, "reclaim", options => new Func<int, int>(handle => blobSizes[options.Resources.For(BlobKey).RemoveOwned(handle)]));
        linker.DefineFunction(Blobs, "merge", options => new Func<int, int, int>((target, source) =>
        {
            var table = options.Resources.For(BlobKey);
            var size = blobSizes[table.Lend(target)] + blobSizes[table.RemoveOwned(source)];
            options.Resources.EndLends();
            return size;
        }));
        linker.DefineResourceDestructor(Blobs, "blob", destroyedBlobs.Add);
        return linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus(file)));
    }

    private sealed class StringsHost : StringsWorld.IImports
    {
        public string HostDecorate(string s) => $"«{s}»";

        public IReadOnlyList<string> HostWords(string text) => text.Split(' ');
    }
}
