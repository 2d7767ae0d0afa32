//! Registration of hot functions on one env's exports, and the one trampoline they all run through.

use std::cell::RefCell;
use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::sys;

use super::call::{Call, Ret};
use super::handles::HandleTable;
use crate::error::{throw_raw, NativeError, NativeResult};

/// A function exported through the fast path: its JS name and its Node-API callback, which the
/// [`hot_functions!`](crate::hot_functions) macro generates around a safe body.
pub struct HotFn {
    pub name: &'static CStr,
    pub callback: unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value,
}

/// Everything the fast path keeps per env; freed by the env's cleanup hook, so a terminated
/// worker leaves nothing behind. It is every hot function's `data` pointer.
pub struct EnvState {
    pub(super) handles: RefCell<HandleTable>,
}

/// Adds every function of `groups` to `exports` for this env.
pub fn register(
    env: sys::napi_env,
    exports: sys::napi_value,
    groups: &[&[HotFn]],
) -> napi::Result<()> {
    let state = Box::into_raw(Box::new(EnvState {
        handles: RefCell::new(HandleTable::new()),
    }));
    // SAFETY: `state` is a fresh allocation that only this env will reach; the cleanup hook
    // frees it exactly once when the env is torn down, after which no JS of this env runs.
    let status = unsafe { sys::napi_add_env_cleanup_hook(env, Some(free_env_state), state.cast()) };
    check(status, "register the env cleanup hook")?;

    for hot in groups.iter().flat_map(|group| group.iter()) {
        let mut function = std::ptr::null_mut();
        // SAFETY: `name` is NUL-terminated and static; `state` stays valid until the cleanup hook
        // (see above); `exports` is the live exports object of this env.
        unsafe {
            let mut exists = false;
            sys::napi_has_named_property(env, exports, hot.name.as_ptr(), &mut exists);
            if exists {
                return Err(napi::Error::from_reason(format!(
                    "fast path: export {:?} is defined twice",
                    hot.name
                )));
            }
            check(
                sys::napi_create_function(
                    env,
                    hot.name.as_ptr(),
                    -1,
                    Some(hot.callback),
                    state.cast(),
                    &mut function,
                ),
                "create a hot function",
            )?;
            check(
                sys::napi_set_named_property(env, exports, hot.name.as_ptr(), function),
                "export a hot function",
            )?;
        }
    }
    Ok(())
}

fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "fast path: could not {what} (napi status {status})"
        )))
    }
}

unsafe extern "C" fn free_env_state(state: *mut std::ffi::c_void) {
    // SAFETY: registered once per `Box::into_raw` in `register`; Node calls each hook once.
    drop(unsafe { Box::from_raw(state.cast::<EnvState>()) });
}

/// The body of every hot function's callback: the piece's function, its result or its error. Inlined into each generated callback, so the
/// body's result never round-trips through memory and no call is indirect.
///
/// # Safety
/// Only for Node-API callbacks created by [`register`], whose `data` is this env's `EnvState`.
#[inline(always)]
pub unsafe fn dispatch(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&mut Call<'_>) -> NativeResult<Ret>,
) -> sys::napi_value {
    // SAFETY: forwarded from the caller's contract.
    let mut call = unsafe { Call::new(env, info) };
    match catch_unwind(AssertUnwindSafe(|| body(&mut call))) {
        Ok(Ok(ret)) => call.to_js(ret),
        Ok(Err(error)) => {
            throw_raw(env, &error);
            std::ptr::null_mut()
        }
        Err(payload) => {
            throw_raw(env, &NativeError::from_panic(payload.as_ref()));
            std::ptr::null_mut()
        }
    }
}
