;; A post-return function that takes nothing, for a function returning a string (core results i32).
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "f") (result i32) i32.const 0)
    (func (export "post"))
  )
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "f" (core func $core-f))
  (alias core export $i "post" (core func $post))
  (func $f (result string) (canon lift (core func $core-f) (memory $mem) (post-return $post)))
  (export "f" (func $f))
)
