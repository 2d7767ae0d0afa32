//! What a hot function sees of its call: arguments, borrowed memory, handles, and its result.

use std::cell::{Cell, Ref, UnsafeCell};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::rc::Rc;
use std::sync::atomic::AtomicI64;

use napi::sys;

use super::env_state::EnvState;
use super::value::JsValue;
use crate::error::{NativeError, NativeResult};

/// Hot functions take at most this many arguments; extra ones are counted but not read.
pub const MAX_ARGS: usize = 8;

/// A hot function's result, turned into a JS value without allocating where JS has a cheaper form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ret {
    Undefined,
    Null,
    Bool(bool),
    U32(u32),
    I32(i32),
    F64(f64),
    BigI64(i64),
    BigU64(u64),
    /// Hands back the argument at this index unchanged (e.g. the Buffer a `...Into` call filled).
    Arg(usize),
    /// A string, Buffer or Array made during this call by one of `Call`'s `make_*` methods.
    Made(Made),
}

/// A JS value created during the current call. Only `Call` makes these, and a hot function can
/// only return (or store into an array) values of its own call, so it never outlives its scope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Made(sys::napi_value);

/// Arguments and the env state are fetched (one `napi_get_cb_info`) on first use, so a body
/// that reads neither costs no more than a bare callback.
pub struct Call<'call> {
    env: sys::napi_env,
    info: sys::napi_callback_info,
    loaded: Cell<bool>,
    argv: UnsafeCell<MaybeUninit<[sys::napi_value; MAX_ARGS]>>,
    argc: Cell<usize>,
    state: Cell<*const EnvState>,
    _callback: PhantomData<&'call EnvState>,
}

/// Checks that an output the JS side allocated has exactly the length the result needs; `label`
/// names it in the error (e.g. "out.length", "tag.byteLength").
pub fn exact_len<'b, T>(
    out: &'b mut [T],
    expected: usize,
    label: &str,
) -> NativeResult<&'b mut [T]> {
    if out.len() == expected {
        Ok(out)
    } else {
        Err(NativeError::out_of_range(
            label,
            &expected.to_string(),
            out.len(),
        ))
    }
}

/// Element types a typed-array argument can be borrowed as, with the array kind that holds them.
pub trait TypedElement: Copy + 'static {
    const KIND: sys::napi_typedarray_type;
    const EXPECTED: &'static str;
}

impl TypedElement for f64 {
    const KIND: sys::napi_typedarray_type = sys::TypedarrayType::float64_array;
    const EXPECTED: &'static str = "an instance of Float64Array";
}

impl TypedElement for u32 {
    const KIND: sys::napi_typedarray_type = sys::TypedarrayType::uint32_array;
    const EXPECTED: &'static str = "an instance of Uint32Array";
}

struct View {
    data: *mut u8,
    byte_len: usize,
    kind: Option<sys::napi_typedarray_type>,
}

impl View {
    /// The view's memory as `T`s (an empty view may have a null pointer, which a slice may not).
    ///
    /// # Safety
    /// `data` must be `byte_len` live bytes, aligned for `T`, that stay alive and that nothing
    /// writes (other than through atomics) for `'a`.
    unsafe fn slice<'a, T>(&self) -> &'a [T] {
        if self.byte_len == 0 {
            return &[];
        }
        // SAFETY: the caller's contract.
        unsafe {
            std::slice::from_raw_parts(
                self.data.cast::<T>(),
                self.byte_len / std::mem::size_of::<T>(),
            )
        }
    }

    /// Like [`View::slice`], writable.
    ///
    /// # Safety
    /// As for `slice`, and no other reference to this memory may exist for `'a`.
    unsafe fn slice_mut<'a, T>(&self) -> &'a mut [T] {
        if self.byte_len == 0 {
            return &mut [];
        }
        // SAFETY: the caller's contract.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.data.cast::<T>(),
                self.byte_len / std::mem::size_of::<T>(),
            )
        }
    }
}

impl<'call> Call<'call> {
    /// # Safety
    /// `env` and `info` must be those of the Node-API callback that runs this call, created by
    /// `register` with this env's `EnvState` as its data.
    pub(super) unsafe fn new(env: sys::napi_env, info: sys::napi_callback_info) -> Self {
        Self {
            env,
            info,
            loaded: Cell::new(false),
            // Left uninitialised: a body that reads no argument should not pay for zeroing them.
            argv: UnsafeCell::new(MaybeUninit::uninit()),
            argc: Cell::new(0),
            state: Cell::new(std::ptr::null()),
            _callback: PhantomData,
        }
    }

    #[inline(always)]
    fn load(&self) {
        if !self.loaded.get() {
            self.load_now();
        }
    }

    fn load_now(&self) {
        let mut argc = MAX_ARGS;
        let mut data = std::ptr::null_mut();
        // SAFETY: `info` is this callback's; argv has room for MAX_ARGS values and nothing borrows
        // its contents (readers copy the handles out), so writing through the cell is exclusive.
        // napi writes each slot with an 8-byte store that the 8-byte reads forward from.
        unsafe {
            sys::napi_get_cb_info(
                self.env,
                self.info,
                &mut argc,
                (*self.argv.get()).as_mut_ptr().cast(),
                std::ptr::null_mut(),
                &mut data,
            )
        };
        self.argc.set(argc);
        self.state.set(data.cast::<EnvState>().cast_const());
        self.loaded.set(true);
    }

    #[inline(always)]
    fn raw_arg(&self, index: usize) -> sys::napi_value {
        self.load();
        // SAFETY: loaded above, and `napi_get_cb_info` initialises all MAX_ARGS slots (missing
        // arguments as `undefined`); slots are only written by `load_now`, which runs once.
        unsafe { (*self.argv.get()).assume_init_ref()[index] }
    }

    /// How many arguments the caller passed (may exceed [`MAX_ARGS`]).
    pub fn arg_count(&self) -> usize {
        self.load();
        self.argc.get()
    }

    /// Argument `index`; missing arguments read as `undefined`, as in JS.
    pub fn arg(&self, index: usize) -> JsValue<'_> {
        assert!(
            index < MAX_ARGS,
            "hot functions read at most {MAX_ARGS} arguments"
        );
        // SAFETY: Node-API filled every argv slot (missing ones with `undefined`) and the values
        // stay valid until this callback returns, which outlives the borrow of `self`.
        unsafe { JsValue::from_raw(self.env, self.raw_arg(index)) }
    }

    /// The bytes of a TypedArray/Buffer/DataView argument, in place. Views into a larger
    /// ArrayBuffer give only their own bytes; SharedArrayBuffer memory is accepted.
    pub fn bytes(&self, index: usize, name: &str) -> NativeResult<&[u8]> {
        let view = self.view(index, name)?;
        // SAFETY: V8 reports `data` as the start of `byte_len` live bytes of this view's backing
        // store, which the argument keeps alive for the whole call; `&self` ties the slice to that.
        Ok(unsafe { view.slice() })
    }

    /// Like [`Call::bytes`], writable. Borrowing `self` mutably means no other argument's bytes can
    /// be held at the same time, so two views of one buffer can never alias.
    pub fn bytes_mut(&mut self, index: usize, name: &str) -> NativeResult<&mut [u8]> {
        let view = self.view(index, name)?;
        // SAFETY: as in `bytes`; exclusivity comes from the `&mut self` borrow.
        Ok(unsafe { view.slice_mut() })
    }

    /// A `BigInt64Array`/`BigUint64Array` argument as atomic cells: the right view of memory that
    /// other threads (or JS `Atomics`) change concurrently, which `&[u8]` must never be.
    pub fn atomic_i64_cells(&self, index: usize, name: &str) -> NativeResult<&[AtomicI64]> {
        let view = self.view(index, name)?;
        let is_bigint_array = matches!(
            view.kind,
            Some(sys::TypedarrayType::bigint64_array | sys::TypedarrayType::biguint64_array)
        );
        if !is_bigint_array {
            return Err(self
                .arg(index)
                .type_error(name, "an instance of BigInt64Array or BigUint64Array"));
        }
        // SAFETY: a BigInt64Array's data is 8-byte aligned (V8 enforces it at construction) and
        // holds byte_len / 8 cells; AtomicI64 has the layout of i64, and atomic access is what
        // makes concurrent writers (other threads, JS Atomics) sound.
        Ok(unsafe { view.slice::<AtomicI64>() })
    }

    /// Argument `src`'s bytes to read and argument `dst`'s bytes to write, at once. Refuses two
    /// views that share memory, so the pair can never alias.
    pub fn bytes_in_out(
        &mut self,
        src: usize,
        src_name: &str,
        dst: usize,
        dst_name: &str,
    ) -> NativeResult<(&[u8], &mut [u8])> {
        let input = self.view(src, src_name)?;
        let output = self.view(dst, dst_name)?;
        let (in_start, out_start) = (input.data as usize, output.data as usize);
        let overlap = input.byte_len != 0
            && output.byte_len != 0
            && in_start < out_start + output.byte_len
            && out_start < in_start + input.byte_len;
        if overlap {
            return Err(NativeError::new(
                crate::error::ErrorKind::Type,
                "ERR_INVALID_ARG_VALUE",
                format!("The \"{src_name}\" and \"{dst_name}\" arguments share memory; pass separate buffers"),
            ));
        }
        // SAFETY: both ranges are live bytes of their views for the whole call (see `bytes`), and
        // they do not overlap (checked above), so a shared and an exclusive slice can coexist.
        Ok(unsafe { (input.slice(), output.slice_mut()) })
    }

    /// A copy of the bytes of element `at` of the Array argument `index` (a Buffer/TypedArray).
    pub fn element_bytes(&self, index: usize, at: u32, name: &str) -> NativeResult<Vec<u8>> {
        let element = self.array_element(index, at)?;
        let view = self.view_of(element, name)?;
        // SAFETY: as in `bytes`: live bytes of the element's view, copied before anything else runs.
        Ok(unsafe { view.slice::<u8>() }.to_vec())
    }

    /// A `Float64Array`/`Uint32Array` argument's numbers, in place.
    pub fn typed<T: TypedElement>(&self, index: usize, name: &str) -> NativeResult<&[T]> {
        let view = self.typed_view::<T>(index, name)?;
        // SAFETY: V8 aligns a typed array's data to its element size, and the view holds
        // byte_len / size_of::<T>() elements of exactly T's kind (checked) alive for the call.
        Ok(unsafe { view.slice() })
    }

    /// Like [`Call::typed`], writable (an output the JS side allocated).
    pub fn typed_mut<T: TypedElement>(
        &mut self,
        index: usize,
        name: &str,
    ) -> NativeResult<&mut [T]> {
        let view = self.typed_view::<T>(index, name)?;
        // SAFETY: as in `typed`; exclusivity comes from the `&mut self` borrow.
        Ok(unsafe { view.slice_mut() })
    }

    fn typed_view<T: TypedElement>(&self, index: usize, name: &str) -> NativeResult<View> {
        let view = self.view(index, name)?;
        if view.kind == Some(T::KIND) {
            Ok(view)
        } else {
            Err(self.arg(index).type_error(name, T::EXPECTED))
        }
    }

    /// The length of an Array argument.
    pub fn array_len(&self, index: usize, name: &str) -> NativeResult<u32> {
        let value = self.arg(index);
        let mut is_array = false;
        let mut len = 0u32;
        // SAFETY: env and value are valid for the call; out-pointers are locals.
        unsafe {
            sys::napi_is_array(self.env, value.raw(), &mut is_array);
            if is_array {
                sys::napi_get_array_length(self.env, value.raw(), &mut len);
            }
        }
        if is_array {
            Ok(len)
        } else {
            Err(value.type_error(name, "an instance of Array"))
        }
    }

    /// Element `at` of the Array argument `index` (check the length with [`Call::array_len`]).
    pub fn array_element(&self, index: usize, at: u32) -> NativeResult<JsValue<'_>> {
        let array = self.arg(index);
        let mut element = std::ptr::null_mut();
        // SAFETY: env and array are valid for the call; the element handle lives in this call's
        // handle scope, so it stays valid while `self` is borrowed.
        let status = unsafe { sys::napi_get_element(self.env, array.raw(), at, &mut element) };
        if status != sys::Status::napi_ok {
            return Err(NativeError::new(
                crate::error::ErrorKind::Operation,
                "ERR_INVALID_STATE",
                "reading an array element failed (a getter threw?)",
            ));
        }
        // SAFETY: as above.
        Ok(unsafe { JsValue::from_raw(self.env, element) })
    }

    /// The Rust object behind a handle argument; `what` names its kind in the error message.
    pub fn handle<T: 'static>(&self, index: usize, what: &str) -> NativeResult<Rc<T>> {
        let name = "handle";
        let number = self.arg(index).f64(name)?;
        self.state()
            .handles
            .borrow()
            .get::<T>(number)
            .ok_or_else(|| NativeError::invalid_handle(name, what))
    }

    /// Like [`Call::handle`], borrowed from the handle table for the rest of the call (no
    /// reference count traffic). While it is held, the call cannot create or free handles.
    #[inline]
    pub fn handle_ref<T: 'static>(&self, index: usize, what: &str) -> NativeResult<Ref<'_, T>> {
        let name = "handle";
        let number = self.arg(index).f64(name)?;
        let table = self
            .state()
            .handles
            .try_borrow()
            .map_err(|_| NativeError::invalid_handle(name, what))?;
        Ref::filter_map(table, |table| table.get_ref::<T>(number))
            .map_err(|_| NativeError::invalid_handle(name, what))
    }

    /// Registers `value` in this env's handle table; the result is the handle to return to JS.
    pub fn new_handle<T: 'static>(&self, value: T) -> Ret {
        Ret::F64(self.state().handles.borrow_mut().insert(Rc::new(value)))
    }

    /// Frees the handle at argument `index`; false if it was not live (double free is harmless).
    pub fn free_handle(&self, index: usize) -> NativeResult<bool> {
        let number = self.arg(index).f64("handle")?;
        Ok(self.state().handles.borrow_mut().remove(number))
    }

    /// Live handles in this env, for leak tests.
    pub fn live_handles(&self) -> usize {
        self.state().handles.borrow().len()
    }

    /// A JS string from Latin-1 bytes (one byte per UTF-16 unit below 256).
    pub fn make_string_latin1(&self, bytes: &[u8]) -> NativeResult<Ret> {
        // SAFETY: the pointer and length describe `bytes`, which V8 copies.
        self.made(|out| unsafe {
            sys::napi_create_string_latin1(
                self.env,
                bytes.as_ptr().cast(),
                bytes.len() as isize,
                out,
            )
        })
    }

    /// A JS string from UTF-16 units, exactly (lone surrogates included).
    pub fn make_string_utf16(&self, units: &[u16]) -> NativeResult<Ret> {
        // SAFETY: the pointer and length describe `units`, which V8 copies.
        self.made(|out| unsafe {
            sys::napi_create_string_utf16(self.env, units.as_ptr(), units.len() as isize, out)
        })
    }

    /// A new Buffer holding a copy of `bytes`.
    pub fn make_buffer(&self, bytes: &[u8]) -> NativeResult<Ret> {
        let mut data = std::ptr::null_mut();
        // SAFETY: Node copies `bytes.len()` bytes from the pointer into the new Buffer.
        self.made(|out| unsafe {
            sys::napi_create_buffer_copy(
                self.env,
                bytes.len(),
                bytes.as_ptr().cast(),
                &mut data,
                out,
            )
        })
    }

    /// A new ArrayBuffer holding a copy of `bytes`.
    pub fn make_array_buffer(&self, bytes: &[u8]) -> NativeResult<Ret> {
        let mut data: *mut std::ffi::c_void = std::ptr::null_mut();
        let made = self.made(|out| {
            // SAFETY: Node allocates `bytes.len()` bytes and reports where in `data`.
            unsafe { sys::napi_create_arraybuffer(self.env, bytes.len(), &mut data, out) }
        })?;
        if !bytes.is_empty() {
            // SAFETY: `data` is the new ArrayBuffer's `bytes.len()` writable bytes, not aliased.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), data.cast::<u8>(), bytes.len())
            };
        }
        Ok(made)
    }

    /// A new Array holding `items`, in order.
    pub fn make_array(&self, items: &[Ret]) -> NativeResult<Ret> {
        let mut array = std::ptr::null_mut();
        // SAFETY: env is live; `undefined` is returned as NULL by `to_js`, so it is asked for
        // here; every value was made in this call's scope.
        unsafe {
            if sys::napi_create_array_with_length(self.env, items.len(), &mut array)
                != sys::Status::napi_ok
            {
                return Err(creation_failed());
            }
            for (index, &item) in items.iter().enumerate() {
                let mut element = self.to_js(item);
                if element.is_null() {
                    sys::napi_get_undefined(self.env, &mut element);
                }
                if sys::napi_set_element(self.env, array, index as u32, element)
                    != sys::Status::napi_ok
                {
                    return Err(creation_failed());
                }
            }
        }
        Ok(Ret::Made(Made(array)))
    }

    fn made(
        &self,
        create: impl FnOnce(*mut sys::napi_value) -> sys::napi_status,
    ) -> NativeResult<Ret> {
        let mut out = std::ptr::null_mut();
        if create(&mut out) == sys::Status::napi_ok {
            Ok(Ret::Made(Made(out)))
        } else {
            Err(creation_failed())
        }
    }

    /// The bytes of a Uint8Array (Buffer included) value, in place.
    pub fn uint8_bytes<'v>(&'v self, value: JsValue<'v>, name: &str) -> NativeResult<&'v [u8]> {
        let view = self.view_of(value, name)?;
        if view.kind != Some(sys::TypedarrayType::uint8_array) {
            return Err(value.type_error(name, "an instance of Buffer or Uint8Array"));
        }
        // SAFETY: as in `bytes`: live bytes of the view, which `value` keeps alive for the call.
        Ok(unsafe { view.slice() })
    }

    pub(super) fn env(&self) -> sys::napi_env {
        self.env
    }

    fn state(&self) -> &EnvState {
        self.load();
        let state = self.state.get();
        assert!(!state.is_null(), "fast path: callback without env state");
        // SAFETY: the callback's data is this env's `EnvState` (see `register`); it lives until
        // the env's cleanup hook, after which no call of this env happens.
        unsafe { &*state }
    }

    fn view(&self, index: usize, name: &str) -> NativeResult<View> {
        self.view_of(self.arg(index), name)
    }

    fn view_of(&self, value: JsValue<'_>, name: &str) -> NativeResult<View> {
        let raw = value.raw();
        let mut data: *mut std::ffi::c_void = std::ptr::null_mut();
        let mut array_buffer = std::ptr::null_mut();
        // SAFETY: env and value are valid for the call; every out-pointer is a local. Asking for
        // typed-array info directly (it fails cleanly on anything else) saves the separate
        // `napi_is_typedarray` call on the common path.
        unsafe {
            let mut kind = 0;
            let mut length = 0usize;
            let mut offset = 0usize;
            let status = sys::napi_get_typedarray_info(
                self.env,
                raw,
                &mut kind,
                &mut length,
                &mut data,
                &mut array_buffer,
                &mut offset,
            );
            if status == sys::Status::napi_ok {
                // An element type newer than this build knows cannot be sized safely: refuse it.
                let Some(size) = element_size(kind) else {
                    return Err(
                        value.type_error(name, "an instance of Buffer, TypedArray, or DataView")
                    );
                };
                let byte_len = length * size;
                self.reject_detached(byte_len, array_buffer, name)?;
                return Ok(View {
                    data: data.cast(),
                    byte_len,
                    kind: Some(kind),
                });
            }
            let mut is_data_view = false;
            sys::napi_is_dataview(self.env, raw, &mut is_data_view);
            if is_data_view {
                let mut byte_len = 0usize;
                let mut offset = 0usize;
                sys::napi_get_dataview_info(
                    self.env,
                    raw,
                    &mut byte_len,
                    &mut data,
                    &mut array_buffer,
                    &mut offset,
                );
                self.reject_detached(byte_len, array_buffer, name)?;
                return Ok(View {
                    data: data.cast(),
                    byte_len,
                    kind: None,
                });
            }
        }
        Err(value.type_error(name, "an instance of Buffer, TypedArray, or DataView"))
    }

    /// A detached view reports zero bytes; tell that apart from a real empty view only then, so
    /// the common path pays nothing.
    fn reject_detached(
        &self,
        byte_len: usize,
        array_buffer: sys::napi_value,
        name: &str,
    ) -> NativeResult<()> {
        if byte_len != 0 || array_buffer.is_null() {
            return Ok(());
        }
        let mut detached = false;
        // SAFETY: `array_buffer` was just returned by Node-API for this call's argument.
        unsafe { sys::napi_is_detached_arraybuffer(self.env, array_buffer, &mut detached) };
        if detached {
            Err(NativeError::new(
                crate::error::ErrorKind::Type,
                "ERR_INVALID_STATE",
                format!(
                    "The \"{name}\" argument's ArrayBuffer is detached (transferred or released)"
                ),
            ))
        } else {
            Ok(())
        }
    }

    #[inline(always)]
    pub(super) fn to_js(&self, ret: Ret) -> sys::napi_value {
        let mut out = std::ptr::null_mut();
        // SAFETY: env is the live env of this callback; out is a local that Node-API fills.
        unsafe {
            match ret {
                // Returning NULL from a Node-API callback is `undefined`, with no call at all.
                Ret::Undefined => return std::ptr::null_mut(),
                Ret::Arg(index) => return self.raw_arg(index.min(MAX_ARGS - 1)),
                Ret::Made(Made(value)) => return value,
                Ret::Null => sys::napi_get_null(self.env, &mut out),
                Ret::Bool(b) => sys::napi_get_boolean(self.env, b, &mut out),
                Ret::U32(n) => sys::napi_create_uint32(self.env, n, &mut out),
                Ret::I32(n) => sys::napi_create_int32(self.env, n, &mut out),
                Ret::F64(n) => sys::napi_create_double(self.env, n, &mut out),
                Ret::BigI64(n) => sys::napi_create_bigint_int64(self.env, n, &mut out),
                Ret::BigU64(n) => sys::napi_create_bigint_uint64(self.env, n, &mut out),
            };
        }
        out
    }
}

#[cold]
fn creation_failed() -> NativeError {
    NativeError::new(
        crate::error::ErrorKind::Range,
        "ERR_OUT_OF_MEMORY",
        "creating a JS value for the result failed (too large, or out of memory)",
    )
}

fn element_size(kind: sys::napi_typedarray_type) -> Option<usize> {
    use sys::TypedarrayType as T;
    match kind {
        T::int8_array | T::uint8_array | T::uint8_clamped_array => Some(1),
        T::int16_array | T::uint16_array => Some(2),
        T::int32_array | T::uint32_array | T::float32_array => Some(4),
        T::float64_array | T::bigint64_array | T::biguint64_array => Some(8),
        _ => None,
    }
}
