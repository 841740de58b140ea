;; Imports and exports between instances: shared globals, memories and tables, import type checks, link-time failures.
(module $provider
  (global (export "counter") (mut i32) (i32.const 10))
  (global (export "constant") i64 (i64.const 99))
  (memory (export "mem") 1 4)
  (table (export "tab") 2 10 funcref)
  (func (export "inc") (result i32)
    (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
(register "p" $provider)

(module $consumer
  (import "p" "counter" (global $c (mut i32)))
  (import "p" "constant" (global $k i64))
  (import "p" "mem" (memory 1))
  (import "p" "inc" (func $inc (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (global $derived i64 (global.get $k))
  (data (i32.const 0) "\07")
  (func (export "bump-twice") (result i32) (drop (call $inc)) (global.set $c (i32.add (global.get $c) (i32.const 100))) (call $inc))
  (func (export "derived") (result i64) (global.get $derived))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "log") (call $print (i32.const 1))))

(assert_return (invoke $consumer "bump-twice") (i32.const 112))
(assert_return (get $provider "counter") (i32.const 112))
(assert_return (invoke $consumer "derived") (i64.const 99))
(assert_return (invoke $provider "peek" (i32.const 0)) (i32.const 7))
(assert_return (invoke $consumer "grow") (i32.const 1))
(invoke $consumer "log")

;; A module can fill another's table; the functions keep running in their own instance.
(module $filler
  (import "p" "tab" (table 2 funcref))
  (import "p" "inc" (func $inc (result i32)))
  (elem (i32.const 1) $inc))
(module
  (import "p" "tab" (table 2 funcref))
  (type $ret (func (result i32)))
  (func (export "call1") (result i32) (call_indirect (type $ret) (i32.const 1))))
(assert_return (invoke "call1") (i32.const 113))

;; Import subtyping: larger actual limits are fine, smaller or missing maximums are not.
(module (import "p" "mem" (memory 1 4)))
(module (import "p" "mem" (memory 2)))
(module (import "p" "tab" (table 1 funcref)))
(assert_unlinkable (module (import "p" "mem" (memory 3))) "incompatible import type")
(assert_unlinkable (module (import "p" "mem" (memory 1 2))) "incompatible import type")
(assert_unlinkable (module (import "p" "tab" (table 3 funcref))) "incompatible import type")
(assert_unlinkable (module (import "p" "tab" (table 2 externref))) "incompatible import type")
(assert_unlinkable (module (import "p" "counter" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "p" "constant" (global (mut i64)))) "incompatible import type")
(assert_unlinkable (module (import "p" "inc" (func (result i64)))) "incompatible import type")
(assert_unlinkable (module (import "p" "mem" (func))) "incompatible import type")
(assert_unlinkable (module (import "p" "missing" (func))) "unknown import")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")

;; Exports: names are unique, and an instance exports the same item under several names.
(module $aliases (func $f (result i32) (i32.const 5)) (export "a" (func $f)) (export "b" (func $f)))
(assert_return (invoke $aliases "a") (i32.const 5))
(assert_return (invoke $aliases "b") (i32.const 5))
(assert_invalid (module (func $f) (export "x" (func $f)) (export "x" (func $f))) "duplicate export name")
