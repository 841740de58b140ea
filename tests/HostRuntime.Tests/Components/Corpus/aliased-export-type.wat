;; The shape wit-bindgen (Rust) + wit-component give two exported interfaces when the second one uses a type of the
;; first: the outer component aliases "holder" out of the first interface's shim instance and lifts a function with it.
;; The alias must resolve through the shim, whose imports are bound to the outer definitions.
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "make") (param i32) (result i32) local.get 0)
    (func (export "take") (param i32) (result i32) local.get 0)
  )
  (core instance $i (instantiate $m))
  (type $x (resource (rep i32)))
  (type $own-x (own $x))
  (type $holder (record (field "x" $own-x)))
  (type $make-type (func (param "v" u32) (result $holder)))
  (func $make (type $make-type) (canon lift (core func $i "make")))
  (component $shim
    (import "import-type-x" (type $x (sub resource)))
    (type $own (own $x))
    (type $holder (record (field "x" $own)))
    (import "import-type-holder" (type $h (eq $holder)))
    (type $mk (func (param "v" u32) (result $h)))
    (import "import-func-make" (func $f (type $mk)))
    (export $ex "x" (type $x))
    (type $own2 (own $ex))
    (type $holder2 (record (field "x" $own2)))
    (export $eh "holder" (type $holder2))
    (type $mk2 (func (param "v" u32) (result $eh)))
    (export "make" (func $f) (func (type $mk2)))
  )
  (instance $e1 (instantiate $shim
     (with "import-type-x" (type $x))
     (with "import-type-holder" (type $holder))
     (with "import-func-make" (func $make))))
  (export $e1x "test:alias/first" (instance $e1))
  (alias export $e1x "holder" (type $aliased))
  (type $take-type (func (param "h" $aliased) (result u32)))
  (func $take (type $take-type) (canon lift (core func $i "take")))
  (export "take" (func $take))
)
