using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit.Resolution
{
    /// <summary>
    /// Removes the items gated by <c>@unstable(feature = ..)</c> of a feature the resolution does not enable from resolved
    /// packages. As in wit-parser (with no features by default, like wit-bindgen and wasm-tools), such interfaces, worlds,
    /// types, functions and world items are not part of the result: bindings and component checks never expect an export
    /// a component built from the same WIT and features leaves out. Runs after every package is resolved, when the
    /// resolver has already reported every kept item that refers to a dropped one (WIT0227).
    /// </summary>
    internal static class UnstableItems
    {
        public static void Drop(WitPackage package, FeatureGates gates)
        {
            package.Interfaces = Kept(package.Interfaces, i => i.Stability, gates);
            package.Worlds = Kept(package.Worlds, w => w.Stability, gates);
            foreach (var @interface in package.Interfaces)
            {
                DropTypes(@interface, gates);
                @interface.Functions = Kept(@interface.Functions, f => f.Stability, gates);
            }

            foreach (var world in package.Worlds)
            {
                DropTypes(world, gates);
                world.Imports = Kept(world.Imports, i => i.Stability, gates);
                world.Exports = Kept(world.Exports, e => e.Stability, gates);
            }
        }

        private static void DropTypes(WitTypeOwner owner, FeatureGates gates)
        {
            owner.Types = Kept(owner.Types, t => t.Stability, gates);
            foreach (var resource in owner.Types.OfType<WitResourceType>())
            {
                resource.Functions = Kept(resource.Functions, f => f.Stability, gates);
                if (resource.Constructor != null && gates.Off(resource.Constructor.Stability) != null)
                {
                    resource.Constructor = null;
                }
            }
        }

        private static IReadOnlyList<T> Kept<T>(IReadOnlyList<T> items, System.Func<T, WitStability> stability, FeatureGates gates) =>
            items.Any(item => gates.Off(stability(item)) != null) ? items.Where(item => gates.Off(stability(item)) == null).ToList() : items;
    }
}
