//! Hot functions bound to one Rust object: `bind` makes a set of JS functions whose callback
//! data names the object, so a per-item call (an LRU `get`) passes no handle and resolves none.
//!
//! Why: on a ~40 ns JS operation the handle costs a number read and a table lookup of five
//! dependent loads, measured at 7-8 ns of a native cache `get`. A bound function finds its object
//! through the data pointer `napi_get_cb_info` returns anyway.
//!
//! Safety and lifetime: the data holds a `Weak` to the object, not an owner, so the handle table
//! stays the one owner: freeing the handle (a wrapper's `close()`, or its FinalizationRegistry)
//! drops the object at once, and a bound function called after that fails like a freed handle.
//! Each function's data is freed by a finalizer when the function itself is collected, or when
//! its env is torn down. The callback and the data are made for the same `T` by the same generic
//! code (`BoundFn<T>` only binds to an `Rc<T>`), so the data is never read as another type.

use std::ffi::CStr;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering};

use napi::sys;

use super::call::{Call, Ret};
use super::env_state::{finish, EnvState};
use crate::error::{NativeError, NativeResult};

/// Bound functions whose data is not freed yet, in all envs (for leak tests).
static LIVE_BOUND: AtomicUsize = AtomicUsize::new(0);

pub fn live_bound_functions() -> usize {
    LIVE_BOUND.load(Ordering::Relaxed)
}

/// A function that [`Call::bind`] can bind to a `T` (made by
/// [`bound_functions!`](crate::bound_functions)).
pub struct BoundFn<T> {
    pub name: &'static CStr,
    pub callback: unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value,
    pub target: PhantomData<fn(&T)>,
}

/// A bound function's callback data. `#[repr(C)]` with the env state first: `Call` reads the
/// state from there without knowing `T`.
#[repr(C)]
struct BoundData<T> {
    state: *const EnvState,
    target: Weak<T>,
}

/// Declares functions bound to one `T`:
/// `bound_functions!(pub const LIST: T as "What" = ["jsName" => body, ...]);` where each body is a
/// `fn(&mut Call, &T) -> NativeResult<Ret>` whose arguments start at 0 (no handle), and "What"
/// names `T` in the error of a call after the object was freed.
#[macro_export]
macro_rules! bound_functions {
    ($vis:vis const $list:ident: $target:ty as $what:literal = [$($js_name:literal => $body:path),* $(,)?]) => {
        $vis const $list: &[$crate::fast_path::BoundFn<$target>] = &[$(
            $crate::fast_path::BoundFn {
                name: $js_name,
                callback: {
                    unsafe extern "C" fn callback(
                        env: ::napi::sys::napi_env,
                        info: ::napi::sys::napi_callback_info,
                    ) -> ::napi::sys::napi_value {
                        type Target = $target;
                        const WHAT: &str = $what;
                        // SAFETY: only `Call::bind` creates this callback, with a `BoundData` of
                        // this `Target` as its data.
                        unsafe { $crate::fast_path::dispatch_bound::<Target>(env, info, WHAT, $body) }
                    }
                    callback
                },
                target: ::std::marker::PhantomData,
            }
        ),*];
    };
}

/// The body of every bound callback: the object, if it is still alive, then the body.
///
/// # Safety
/// Only for callbacks created by [`Call::bind`] for this `T`.
#[inline(always)]
pub unsafe fn dispatch_bound<T: 'static>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    what: &str,
    body: impl FnOnce(&mut Call<'_>, &T) -> NativeResult<Ret>,
) -> sys::napi_value {
    // SAFETY: forwarded from the caller's contract.
    let mut call = unsafe { Call::new_bound(env, info) };
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: this callback's data is a live `BoundData<T>`: the function being called is
        // alive, and its data is freed only by its finalizer.
        let data = unsafe { &*call.data().cast::<BoundData<T>>() };
        let target = data.target.upgrade().ok_or_else(|| freed(what))?;
        body(&mut call, &target)
    }));
    finish(env, &call, result)
}

impl Call<'_> {
    /// An Array of `list`'s functions bound to `target`, in order.
    pub fn bind<T: 'static>(&self, target: &Rc<T>, list: &[BoundFn<T>]) -> NativeResult<Ret> {
        let env = self.env();
        let state = self.state_ptr();
        let mut functions = Vec::with_capacity(list.len());
        for bound in list {
            let data = Box::into_raw(Box::new(BoundData {
                state,
                target: Rc::downgrade(target),
            }));
            let mut function = std::ptr::null_mut();
            // SAFETY: `name` is NUL-terminated and static; `data` is a fresh allocation that the
            // function owns: freed here if the function is not made, else by `free_bound_data`
            // (once, when the function is collected or the env torn down).
            unsafe {
                if sys::napi_create_function(
                    env,
                    bound.name.as_ptr(),
                    -1,
                    Some(bound.callback),
                    data.cast(),
                    &mut function,
                ) != sys::Status::napi_ok
                {
                    drop(Box::from_raw(data));
                    return Err(bind_failed());
                }
                if sys::napi_add_finalizer(
                    env,
                    function,
                    data.cast(),
                    Some(free_bound_data::<T>),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                ) != sys::Status::napi_ok
                {
                    drop(Box::from_raw(data));
                    return Err(bind_failed());
                }
            }
            LIVE_BOUND.fetch_add(1, Ordering::Relaxed);
            functions.push(Ret::Made(super::call::Made::from_raw(function)));
        }
        self.make_array(&functions)
    }
}

#[cold]
fn freed(what: &str) -> NativeError {
    NativeError::new(
        crate::error::ErrorKind::Type,
        "ERR_INVALID_HANDLE",
        format!("This {what} is closed: its native object was freed by close()"),
    )
}

#[cold]
fn bind_failed() -> NativeError {
    NativeError::new(
        crate::error::ErrorKind::Operation,
        "ERR_NATIVE_BIND",
        "could not create a bound native function",
    )
}

unsafe extern "C" fn free_bound_data<T>(
    _env: sys::napi_env,
    data: *mut std::ffi::c_void,
    _hint: *mut std::ffi::c_void,
) {
    // SAFETY: registered once per `Box::into_raw` in `bind`; Node runs each finalizer once.
    drop(unsafe { Box::from_raw(data.cast::<BoundData<T>>()) });
    LIVE_BOUND.fetch_sub(1, Ordering::Relaxed);
}
