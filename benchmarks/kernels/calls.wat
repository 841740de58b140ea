;; Call-overhead probes: an empty export, and an export that calls a host import once.
;; Both take (i32, i32) -> i32 because that is the shape the engine's typed, allocation-free handle supports.
(module
  (import "host" "ping" (func $ping (param i32) (result i32)))
  (func (export "nop") (param i32 i32) (result i32) (local.get 0))
  (func (export "call_host") (param i32 i32) (result i32) (call $ping (local.get 0))))
